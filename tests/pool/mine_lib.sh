# Shared plumbing of the end-to-end miner tests (tests/cli/mine_*.sh), sourced
# by them, never run alone:
#   . "$(dirname "$0")/../pool/mine_lib.sh" "$@"
# Gives: SLUICE, TESTPOOL (env SLUICE_TESTPOOL, else next to the sluice build:
# $(dirname sluice)/../tests/pool/sluice-testpool), a temp dir T, ok/bad
# counters and finish, start_pool/stop_pool/wait_report for sluice-testpool,
# start_miner/wait_miner/run_miner, facts (pool report + miner JSON events,
# via mine_facts.py), and SLOW=1 when sluice is a sanitizer build. Every
# background process started here is killed by its pid on exit; the temp dir
# (pool logs, miner output) is kept when a check failed or KEEP_MINE_TMP is set.
set -u
SLUICE=${1:?usage: mine_x.sh /path/to/sluice}
MINE_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TESTPOOL=${SLUICE_TESTPOOL:-$(dirname "$SLUICE")/../tests/pool/sluice-testpool}
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
finish() {
  if [ "$fail" -ne 0 ]; then KEEP_MINE_TMP=1; echo "pool logs and miner output kept in $T" >&2; fi
  echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?
}

T=$(mktemp -d "${TMPDIR:-/tmp}/sluice_mine.XXXXXX")
MINE_PIDS=""
mine_cleanup() {
  local pid
  for pid in $MINE_PIDS; do kill -TERM "$pid" 2>/dev/null; done
  for pid in $MINE_PIDS; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  [ -n "${KEEP_MINE_TMP:-}" ] || rm -rf "$T"
}
trap mine_cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -x "$TESTPOOL" ]; then
  echo "FAIL: sluice-testpool not found at $TESTPOOL (build the target sluice-testpool or set SLUICE_TESTPOOL)" >&2
  echo "0 passed, 1 failed"; exit 1
fi
# A sanitizer build hashes 5-10x slower: tests pick easier targets and longer limits.
SLOW=0
if grep -q __asan_init "$SLUICE" 2>/dev/null; then SLOW=1; fi

# start_pool NAME ARGS...: starts sluice-testpool with --port-file/--report in
# $T/NAME.*; sets PORT and POOL_PID (also kept in $T/NAME.pid). The pool log
# goes to $T/NAME.log.
start_pool() {
  local name=$1; shift
  rm -f "$T/$name.port" "$T/$name.report"
  "$TESTPOOL" --port-file "$T/$name.port" --report "$T/$name.report" --max-seconds 300 "$@" \
    2>"$T/$name.log" &
  POOL_PID=$!
  echo "$POOL_PID" >"$T/$name.pid"
  MINE_PIDS="$MINE_PIDS $POOL_PID"
  local i
  for i in $(seq 1 600); do
    [ -s "$T/$name.port" ] && break
    kill -0 "$POOL_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ ! -s "$T/$name.port" ]; then
    bad "pool $name did not start: $(tail -c 500 "$T/$name.log")"; PORT=1; return 1
  fi
  PORT=$(cat "$T/$name.port")
}

# stop_pool NAME: SIGTERM -> the pool writes its report and exits 0.
stop_pool() {
  local name=$1 rc pid
  pid=$(cat "$T/$name.pid")
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"; rc=$?
  [ "$rc" -eq 0 ] && ok || bad "pool $name exit status $rc: $(tail -c 500 "$T/$name.log")"
}

# start_miner NAME LIMIT ARGS...: `sluice mine ARGS $MINER_JSON` (default
# --json; set MINER_JSON= for the human output) in the background
# with a hard limit of LIMIT seconds (SIGTERM, SIGKILL 10 s later); stdout in
# $T/NAME.out, stderr in $T/NAME.err; MINER_PID is the pid of `timeout`,
# which passes a SIGTERM on to the miner.
start_miner() {
  local name=$1 limit=$2; shift 2
  timeout -k 10 "$limit" "$SLUICE" mine "$@" ${MINER_JSON---json} >"$T/$name.out" 2>"$T/$name.err" &
  MINER_PID=$!
  MINE_PIDS="$MINE_PIDS $MINER_PID"
}
# wait_miner NAME: waits; MINER_RC gets the exit status (124 = hard limit hit).
wait_miner() {
  wait "$MINER_PID"; MINER_RC=$?
  if [ "$MINER_RC" -eq 124 ] || [ "$MINER_RC" -eq 137 ]; then
    echo "note: miner $1 hit its hard time limit; its stderr ends with:" >&2
    tail -n 5 "$T/$1.err" >&2
  fi
}
# run_miner NAME LIMIT ARGS...: start_miner + wait_miner.
run_miner() { start_miner "$@"; wait_miner "$1"; }

# report NAME KEY: a number from the pool's report.
report() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], "missing"))' \
             "$T/$1.report" "$2" 2>/dev/null || echo missing; }

# facts NAME [VAR=PYEXPR ...]: sets R_<key> (pool report), S_<key> (miner
# summary), EVENTS_OK/EVENTS_BAD, FIRST_JOB and event counts VAR from one read
# of $T/NAME.report and $T/NAME.out (see mine_facts.py).
facts() {
  local name=$1; shift
  eval "$(python3 "$MINE_LIB_DIR/mine_facts.py" "$T/$name.report" "$T/$name.out" "$@")"
}

# wait_report NAME KEY MIN SECONDS: waits until the pool's report has KEY >= MIN
# (the pool rewrites it after every event); 1 on timeout.
wait_report() {
  local i
  for i in $(seq 1 $(($4 * 10))); do
    ge "$(report "$1" "$2")" "$3" && return 0
    sleep 0.1
  done
  return 1
}

# no_sanitizer_report NAME: the miner's stderr has no ASan/UBSan report.
no_sanitizer_report() { ! grep -q -E "AddressSanitizer|runtime error:|LeakSanitizer" "$T/$1.err"; }

# free_port: a TCP port on 127.0.0.1 nobody listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# eq A B / le A B / ge A B: numeric comparisons that fail on "missing".
eq() { [ "$1" != missing ] && [ "$2" != missing ] && [ "$1" -eq "$2" ] 2>/dev/null; }
le() { [ "$1" != missing ] && [ "$2" != missing ] && [ "$1" -le "$2" ] 2>/dev/null; }
ge() { [ "$1" != missing ] && [ "$2" != missing ] && [ "$1" -ge "$2" ] 2>/dev/null; }
