# Shared helpers of the CLI tests (sourced, not run; tests/cli/*.sh are the
# tests). Usage, at the top of a test:
#   . "$(dirname "$0")/lib/common.sh" NAME
# sets pass/fail counters, $tmp (a scratch directory removed on exit) and:
#   expect CODE [--] CMD...  runs CMD, counts it as passed when it exits CODE;
#                            its stdout is left in $out, its stderr in $err
#   has TEXT REGEX WHAT      / hasnt TEXT REGEX WHAT: grep -E on TEXT
#   json TEXT WHAT           TEXT parses as JSON
#   jget JSON PYEXPR         prints PYEXPR evaluated on the parsed object j
#   eq GOT WANT WHAT         string equality
#   finish                   prints "N passed, M failed" and exits non-zero on a failure
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sluice_${1:-cli}.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
expect() {
  local want=$1; shift
  [ "${1:-}" = "--" ] && shift
  out=$("$@" 2>"$tmp/err"); local rc=$?
  err=$(cat "$tmp/err")
  if [ "$rc" -eq "$want" ]; then ok; else bad "exit $rc (want $want): ${*:1:9} :: $(head -c 300 "$tmp/err")"; fi
}
has()   { if printf '%s\n' "$1" | grep -qE -- "$2"; then ok; else bad "$3: '$2' not in: $(printf '%s' "$1" | head -c 400)"; fi; }
hasnt() { if printf '%s\n' "$1" | grep -qE -- "$2"; then bad "$3: '$2' found in: $(printf '%s' "$1" | head -c 400)"; else ok; fi; }
json()  { if printf '%s\n' "$1" | python3 -m json.tool > /dev/null 2>&1; then ok; else bad "$2: not JSON: $(printf '%s' "$1" | head -c 300)"; fi; }
jget()  { printf '%s\n' "$1" | python3 -c "import json,sys; j=json.load(sys.stdin); print($2)" 2>/dev/null; }
eq()    { if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', want '$2'"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
