#!/bin/sh
# Deterministic fake agent for Orch's tests. Behaviour per task comes from $FIXTURES/<TASK_ID> (default "ok").
# One ledger line when it starts and one when it ends: TASK attempt lane wave event millis pwd deps=...
now() { date +%s%3N; }
id=$ORCH_TASK_ID
mode=$(cat "$FIXTURES/$id" 2>/dev/null || echo ok)
deps=ok
if [ -f "$FIXTURES/$id.deps" ]; then
  for d in $(cat "$FIXTURES/$id.deps"); do
    [ -f "out/$d.txt" ] || deps=missing-$d
  done
fi
echo "$id attempt=$ORCH_ATTEMPT lane=$ORCH_LANE start=$(now) deps=$deps tmux=${TMUX:+yes} pwd=$(pwd) model=${ORCH_MODEL:-none}" >> "$LEDGER"
finish() {
  echo "$id attempt=$ORCH_ATTEMPT lane=$ORCH_LANE end=$(now) exit=$1" >> "$LEDGER"
  exit "$1"
}
write_out() {
  mkdir -p out
  echo "$id" > "out/$id.txt"
}
case "$mode" in
  ok) write_out; echo "did $id"; finish 0 ;;
  commit) write_out; git add out && git commit -q -m "agent: $id" && finish 0; finish 3 ;;
  noop) finish 0 ;;
  fail) mkdir -p partial; echo "partial $id" > "partial/$id.txt"; echo "failing $id" >&2; finish 1 ;;
  fail-once)
    if [ "$ORCH_ATTEMPT" = 1 ]; then mkdir -p partial; echo "partial $id" > "partial/$id.txt"; finish 1; fi
    write_out; finish 0 ;;
  hang) echo $$ > "$FIXTURES/$id.pid"; sleep 300 & echo $! > "$FIXTURES/$id.child"; sleep 300; finish 0 ;;
  chatty) echo $$ > "$FIXTURES/$id.pid"; sleep 300 & echo $! > "$FIXTURES/$id.child"; while true; do echo "working on $id"; sleep 0.2; done ;;
  bg-child) sleep 30 & echo $! > "$FIXTURES/$id.child"; write_out; finish 0 ;;
  user-commit) write_out; git -C "$USER_REPO" commit -q --allow-empty -m "user commit during the batch"; finish 0 ;;
  switch-branch) git checkout -q -b "agent/$id"; write_out; git add out && git commit -q -m "agent: $id on its own branch"
    echo more > "out/$id.more"; finish 0 ;;
  switch-fail-once)
    if [ "$ORCH_ATTEMPT" = 1 ]; then git checkout -q -b "agent/$id"; mkdir -p partial; echo "partial $id" > "partial/$id.txt"
      git add partial && git commit -q -m "agent: partial $id"; finish 1; fi
    write_out; finish 0 ;;
  detach) git checkout -q --detach; write_out; git add out && git commit -q -m "agent: $id detached"; finish 0 ;;
  quiet:*) n=${mode#quiet:}; i=0; mkdir -p out; while [ $i -lt "$n" ]; do i=$((i+1)); echo $i > out/progress.txt; sleep 0.3; done
    write_out; finish 0 ;;
  probe:*) other=${mode#probe:}; pid=$(cat "$FIXTURES/$other.child" 2>/dev/null); st=gone
    if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; then
      case $(awk '{print $3}' "/proc/$pid/stat") in Z|X) st=gone ;; *) st=alive ;; esac
    fi
    write_out; echo "$st" > "out/$id.probe"; finish 0 ;;
  write-hang) write_out; echo "uncommitted $id" > "out/$id.wip"; sleep 300 & echo $! > "$FIXTURES/$id.child"; sleep 300; finish 0 ;;
  sleep-fail) sleep 1; finish 1 ;;
  prompt) write_out; cp "$ORCH_PROMPT_FILE" "out/$id.prompt"; finish 0 ;;
  conflict) write_out; echo "$id was here" > shared.txt; finish 0 ;;
  sleep:*) s=${mode#sleep:}; sleep "$s"; write_out; finish 0 ;;
  usage) write_out; echo '{"inputTokens":100,"outputTokens":20,"costUsd":0.5}' > "$ORCH_USAGE_FILE"; finish 0 ;;
  usage-fail-once)
    if [ "$ORCH_ATTEMPT" = 1 ]; then
      echo '{"inputTokens":70,"outputTokens":7,"costUsd":0.25}' > "$ORCH_USAGE_FILE"; echo "first try fails" >&2; finish 1
    fi
    write_out; echo '{"inputTokens":100,"outputTokens":20,"costUsd":0.5}' > "$ORCH_USAGE_FILE"; finish 0 ;;
  fail-noisy)
    i=1; while [ $i -le 60 ]; do echo "noise line $i"; i=$((i+1)); done
    printf '\033[31mred error\033[0m <b>&amp; ]]> \001bell\n'; echo "last words of $id" >&2; finish 1 ;;
  done-self) write_out; touch "$ORCH_TASK_DIR/.DONE"; finish 0 ;;
  env) write_out; env | grep '^ORCH_' | sort > "out/$id.env"; printf '%s' "$ORCH_TASK_NAME" > "out/$id.name"
    [ -f "$ORCH_PROMPT_FILE" ] && cp "$ORCH_PROMPT_FILE" "out/$id.prompt"; finish 0 ;;
  sleep-commit:*) s=${mode#sleep-commit:}; sleep "$s"; write_out; git add out && git commit -q -m "agent: $id"; finish 0 ;;
  fail-commit) mkdir -p partial; echo "partial $id" > "partial/$id.txt"; git add partial && git commit -q -m "agent: partial $id"; finish 1 ;;
  *) echo "unknown mode $mode" >&2; finish 2 ;;
esac
