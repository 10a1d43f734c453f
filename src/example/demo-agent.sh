#!/bin/sh
# A deterministic stand-in for a coding agent, so the example runs without a model, network or API key.
#
# Orch runs it in the project folder inside a lane worktree with ORCH_TASK_ID, ORCH_PROMPT_FILE and friends set.
# It reads the "## Demo" section of the task's PROMPT.md:
#   - Class: <Name>            the class to write (src/main/java/demo/<Name>.java)
#   - Feature: <text>          optional; appended to FEATURES.md as "- <task id>: <text>"
#   the first ```java block    the class's source
#   the second ```java block   its JUnit 5 test (src/test/java/demo/<Name>Test.java)
# It leaves its changes uncommitted; Orch commits them and marks the task done.
set -eu

: "${ORCH_TASK_ID:?demo-agent.sh is run by Orch (ORCH_TASK_ID is not set)}"
: "${ORCH_PROMPT_FILE:?demo-agent.sh is run by Orch (ORCH_PROMPT_FILE is not set)}"

echo "demo-agent: task $ORCH_TASK_ID (${ORCH_TASK_NAME:-}) attempt ${ORCH_ATTEMPT:-1}, lane ${ORCH_LANE:-?}, batch ${ORCH_BATCH_ID:-?}"
echo "demo-agent: reading $ORCH_PROMPT_FILE"

# Prints the given line kind ("Class" or "Feature") from the Demo section.
demo_field() {
    awk -v field="$1" '
        /^## / { in_demo = tolower($0) ~ /^## demo[[:space:]]*$/; next }
        in_demo && index($0, "- " field ": ") == 1 { print substr($0, length(field) + 5); exit }
    ' "$ORCH_PROMPT_FILE"
}

# Prints the n-th ```java block of the Demo section.
demo_block() {
    awk -v want="$1" '
        /^## / && !inside { in_demo = tolower($0) ~ /^## demo[[:space:]]*$/; next }
        in_demo && !inside && /^```java/ { block++; inside = 1; next }
        inside && /^```/ { inside = 0; next }
        inside && block == want { print }
    ' "$ORCH_PROMPT_FILE"
}

class=$(demo_field Class)
case "$class" in
    ''|*[!A-Za-z0-9]*|[!A-Z]*)
        echo "demo-agent: the Demo section of $ORCH_PROMPT_FILE needs a line '- Class: <JavaName>'" >&2
        exit 2 ;;
esac

main="src/main/java/demo/$class.java"
test="src/test/java/demo/${class}Test.java"
mkdir -p src/main/java/demo src/test/java/demo
demo_block 1 > "$main"
demo_block 2 > "$test"
if [ ! -s "$main" ] || [ ! -s "$test" ]; then
    echo "demo-agent: the Demo section of $ORCH_PROMPT_FILE needs two java blocks (class, then test)" >&2
    exit 2
fi
echo "demo-agent: wrote $main and $test"

feature=$(demo_field Feature)
if [ -n "$feature" ]; then
    printf -- '- %s: %s\n' "$ORCH_TASK_ID" "$feature" >> FEATURES.md
    echo "demo-agent: added $ORCH_TASK_ID to FEATURES.md"
fi
