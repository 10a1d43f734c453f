#!/usr/bin/env bash
# Runs Orch on its bundled example: builds and installs the plugin, copies src/example into a fresh temporary
# folder, makes it a git repository with one commit, and runs `mvn -B orch:run` there: the deterministic demo agent
# (src/example/demo-agent.sh, no model, network or API key) does the 8 tasks in parallel lanes, wave by wave, and
# their work lands on `main`. Then it shows the result (git log of main, the files the batch added) and runs the
# example's own `mvn -q test` to prove the work compiles and its tests pass.
# Needs a JDK 17, Maven 3.8.7 or newer and git; tmux is used when installed (otherwise the agents run as plain
# processes: driver=auto). Nothing outside the temporary folder and ~/.m2 is changed, so it can be run again
# and again: each run starts from a new folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The plugin's version: the first <version> of its POM (it has no parent).
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"

echo "==> Building and installing orch-maven-plugin $version"
mvn -q -B -f "$root/pom.xml" install -DskipTests -DskipITs

work="$(mktemp -d "${TMPDIR:-/tmp}/orch-demo.XXXXXX")"
echo "==> Copying the example (src/example) to $work"
cp -R "$root/src/example/." "$work/"

cd "$work"
git init -q -b main
# A local identity, so the demo works on machines without a global git configuration (CI).
git config user.name "Orch demo"
git config user.email "orch-demo@localhost"
git add -A
git -c commit.gpgsign=false commit -q -m "Orch example: a small shop and its backlog"
start="$(git rev-parse HEAD)"

if command -v tmux > /dev/null 2>&1; then
    echo "==> tmux found: each agent runs in a tmux session (driver=auto)"
else
    echo "==> tmux not found: each agent runs as a plain child process (driver=auto)"
fi
echo "==> Running: mvn -B orch:run -Dorch.version=$version (in $work)"
mvn -B "-Dorch.version=$version" orch:run

echo
echo "==> The history of main (git log --oneline --graph main, newest first):"
git --no-pager log --oneline --graph -n 30 main
echo
echo "==> Files the batch added to main:"
git --no-pager diff --name-only --diff-filter=A "$start" main | sed 's/^/    /'
echo
echo "==> Running the example's own tests on the result: mvn -q -B test"
mvn -q -B "-Dorch.version=$version" test
echo "    The example's tests pass."

echo
echo "Orch ran the example in $work"
echo "The batch state is in $work/target/orchestrate/batch-state.json, the agents' logs in"
echo "$work/target/orchestrate/logs/. Have a look with: cd $work && mvn orch:status"
