#!/bin/sh
# Logs a Model Ledger run with nothing but echo: a run log is JSON lines appended to
# .modelledger/runs/<run id>.jsonl in the workspace folder (docs/run-log-format.md).
#
#   sh examples/shell/log-run.sh [workspace folder]     # default: the current folder
#
# Every value written here needs no JSON escaping; real code must escape " and \ in strings.
set -eu
cd "${1:-.}"

mkdir -p .modelledger/runs
[ -e .modelledger/.gitignore ] || echo '*' > .modelledger/.gitignore

now_ms() { echo $(($(date +%s) * 1000)); } # POSIX date has whole seconds only

run_id="sh-$(date +%s)-$$"
log=".modelledger/runs/$run_id.jsonl"

# The commit the run is made from; null outside a git repository.
git_state=null
if commit=$(git rev-parse --verify -q HEAD 2>/dev/null); then
  branch=$(git symbolic-ref --short -q HEAD) && branch="\"$branch\"" || branch=null
  if [ -n "$(git status --porcelain)" ]; then dirty=true; else dirty=false; fi
  git_state="{\"commit\":\"$commit\",\"branch\":$branch,\"dirty\":$dirty}"
fi

# One echo per line, appended (>>): each line lands whole, and a reader sees the run live.
t=$(now_ms)
echo "{\"type\":\"start\",\"v\":1,\"t\":$t,\"run_id\":\"$run_id\",\"experiment\":\"shell\",\"name\":\"echo demo\",\"git\":$git_state,\"command\":\"sh log-run.sh\",\"start_time\":$t,\"pid\":$$,\"host\":\"$(uname -n)\"}" >>"$log"
echo "{\"type\":\"params\",\"t\":$(now_ms),\"values\":{\"lr\":\"0.1\",\"epochs\":\"3\"}}" >>"$log"
for step in 0 1 2; do
  loss=$(LC_ALL=C awk "BEGIN { print 1 / ($step + 1) }")
  echo "{\"type\":\"metrics\",\"t\":$(now_ms),\"step\":$step,\"values\":{\"loss\":$loss,\"acc\":0.$((step + 5))}}" >>"$log"
done
echo "{\"type\":\"end\",\"t\":$(now_ms),\"status\":\"finished\"}" >>"$log"

echo "$log"
