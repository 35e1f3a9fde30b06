#!/usr/bin/env bash
# `sluice devices`: exit codes, the JSON object's keys and values, the text output.
# Usage: bash devices.sh /path/to/sluice
set -u
SLUICE=${1:?usage: devices.sh /path/to/sluice}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect_rc WANT DESCRIPTION -- ARGS...: runs sluice, keeps stdout/stderr in $tmp.
expect_rc() {
    local want=$1 what=$2
    shift 3
    "$SLUICE" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else
        bad "$what: exit $rc, want $want (sluice $*)"
        sed 's/^/  stderr: /' "$tmp/err" >&2
    fi
}

# Exit codes.
expect_rc 0 "plain run" -- devices
cp "$tmp/out" "$tmp/text"
expect_rc 0 "--help" -- devices --help
grep -q "usage: sluice devices" "$tmp/out" && ok || bad "--help prints no usage line"
expect_rc 0 "-h" -- devices -h
expect_rc 2 "unknown option" -- devices --no-such-option
grep -q "no-such-option" "$tmp/err" && ok || bad "unknown option not named in the error"
expect_rc 2 "extra argument" -- devices extra
grep -q "extra" "$tmp/err" && ok || bad "extra argument not named in the error"
expect_rc 2 "unknown option with --json" -- --json devices --bogus
python3 -c 'import json,sys; assert "error" in json.load(sys.stdin)' <"$tmp/out" \
    && ok || bad "--json usage error is not a JSON object with \"error\""

# JSON: exactly one object with the documented keys and sane values.
check_json() {
    python3 - "$1" <<'EOF'
import json, os, sys
text = open(sys.argv[1]).read()
d = json.loads(text)                      # one object, nothing after it
errors = []
def need(cond, msg):
    if not cond: errors.append(msg)
need(isinstance(d, dict), "top level is not an object")
need(text.strip().count("\n") == 0, "more than one line of JSON")
cpu = d.get("cpu", {})
need(isinstance(cpu.get("brand"), str), "cpu.brand missing")
need(isinstance(cpu.get("vendor"), str), "cpu.vendor missing")
need(isinstance(cpu.get("features"), list) and all(isinstance(f, str) for f in cpu["features"]),
     "cpu.features is not a list of strings")
need(cpu.get("tensority_impl") in ("ref", "avx2", "avx512vnni"), "cpu.tensority_impl: %r" % cpu.get("tensority_impl"))
need(cpu.get("tensority_impl") in cpu.get("tensority_available", []), "tensority_impl not among available")
t = d.get("topology", {})
need(t.get("available") is True, "topology unavailable: %r" % t.get("reason"))
for k in ("packages", "numa_nodes", "cores", "pus", "l1d_bytes", "l2_bytes", "l3_bytes", "memory_bytes"):
    need(isinstance(t.get(k), int) and t[k] >= 0, "topology.%s missing or negative" % k)
if not errors:
    need(t["cores"] >= 1, "cores < 1")
    need(t["pus"] >= t["cores"], "pus < cores")
    need(t["packages"] >= 1 and t["numa_nodes"] >= 1, "no package or NUMA node")
    need(t["memory_bytes"] > 0, "memory_bytes is 0")
    need(t["pus"] <= os.cpu_count(), "pus %d > online CPUs %d" % (t["pus"], os.cpu_count()))
    need(1 <= t.get("usable_pus", 0) <= t["pus"], "usable_pus out of range")
for api in ("opencl", "cuda"):
    a = d.get(api)
    need(isinstance(a, dict) and isinstance(a.get("available"), bool), api + ".available missing")
    if not isinstance(a, dict): continue
    need(isinstance(a.get("devices"), list), api + ".devices missing")
    if a.get("available") is False:
        need(isinstance(a.get("reason"), str) and a["reason"] != "", api + ": unavailable without a reason")
    for dev in a.get("devices") or []:
        need(isinstance(dev.get("name"), str) and dev["name"] != "", api + " device without a name")
        need(isinstance(dev.get("global_mem_bytes"), int), api + " device without global_mem_bytes")
if errors: print("\n".join(errors))
sys.exit(1 if errors else 0)
EOF
}
expect_rc 0 "--json" -- devices --json
cp "$tmp/out" "$tmp/json"
check_json "$tmp/json" && ok || bad "devices --json: see above"
expect_rc 0 "global --json" -- --json devices
check_json "$tmp/out" && ok || bad "sluice --json devices: see above"

# The text agrees with the JSON: cores, PUs and both accelerator APIs are mentioned.
cores=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["topology"]["cores"])' <"$tmp/json")
pus=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["topology"]["pus"])' <"$tmp/json")
grep -Eq "^ *cores +$cores\$" "$tmp/text" && ok || bad "text output lacks 'cores $cores'"
grep -Eq "^ *PUs +$pus\$" "$tmp/text" && ok || bad "text output lacks 'PUs $pus'"
grep -q "^opencl:" "$tmp/text" && ok || bad "text output lacks an opencl line"
grep -q "^cuda:" "$tmp/text" && ok || bad "text output lacks a cuda line"
grep -q "tensority" "$tmp/text" && ok || bad "text output lacks the tensority implementation"

# A masked CPU picks the scalar reference, in both forms of output.
SLUICE_CPU_MASK=scalar "$SLUICE" devices --json >"$tmp/out" 2>"$tmp/err"
python3 -c 'import json,sys; assert json.load(sys.stdin)["cpu"]["tensority_impl"] == "ref"' <"$tmp/out" \
    && ok || bad "SLUICE_CPU_MASK=scalar does not select ref"

# A restricted affinity shows up as fewer usable PUs (where taskset exists).
if command -v taskset >/dev/null 2>&1; then
    taskset -c "$(taskset -pc $$ | sed 's/.*: *//; s/[,-].*//')" "$SLUICE" devices --json >"$tmp/out" 2>"$tmp/err"
    python3 -c 'import json,sys; assert json.load(sys.stdin)["topology"]["usable_pus"] == 1' <"$tmp/out" \
        && ok || bad "taskset to one CPU does not give usable_pus 1"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
