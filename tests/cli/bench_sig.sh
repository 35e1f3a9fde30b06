#!/usr/bin/env bash
# CLI tests of `sluice bench sig`: a tiny bench per scheme with --json (the
# DESIGN.md fields, a same-run baseline, ratio > 0, every key distinct by
# default), --keys, the text output, usage errors. Never asserts speeds.
# usage: bash bench_sig.sh /path/to/sluice
set -u
SLUICE=${1:?usage: bench_sig.sh /path/to/sluice}
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sluice_bench_sig.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
expect() {
  local want=$1; shift; shift
  out=$("$@" 2>"$tmp/err"); local rc=$?
  err=$(cat "$tmp/err")
  if [ "$rc" -eq "$want" ]; then ok; else bad "exit $rc (want $want): ${*:1:6} :: $(head -c 300 "$tmp/err")"; fi
}
has() { if printf '%s\n' "$1" | grep -qE -- "$2"; then ok; else bad "$3: '$2' not in: $(printf '%s' "$1" | head -c 400)"; fi; }

# check_json SCHEME BATCH KEYS THREADS BASELINE-PREFIX: the object in $out
check_json() {
  if printf '%s' "$out" | python3 -c '
import json, sys
scheme, batch, keys, threads, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
d = json.load(sys.stdin)
for k in ("bench", "backend", "threads", "rate", "unit", "baseline", "ratio", "single_rate", "batch_rate",
          "batch_vs_single", "single_ratio", "keys", "batch", "distinct_keys"):
    assert k in d, k
assert d["bench"] == "sig" and d["scheme"] == scheme and d["backend"] == "cpu" and d["unit"] == "verify/s"
assert d["batch"] == batch and d["keys"] == keys and d["distinct_keys"] == (keys == batch)
assert d["threads"] == threads and d["baseline"]["threads"] == 1
assert d["baseline"]["name"].startswith(base), d["baseline"]["name"]
assert d["rate"] > 0 and d["single_rate"] > 0 and d["baseline"]["rate"] > 0 and d["ratio"] > 0
assert d["rate"] == d["batch_rate"]
assert abs(d["ratio"] - d["rate"] / d["baseline"]["rate"]) <= 1e-3 * d["ratio"] + 1e-3
assert abs(d["batch_vs_single"] - d["batch_rate"] / d["single_rate"]) <= 1e-3 * d["batch_vs_single"] + 1e-3
assert abs(d["single_ratio"] - d["single_rate"] / d["baseline"]["rate"]) <= 1e-3 * d["single_ratio"] + 1e-3
# whole batches only: the batch count is a multiple of the batch size
assert d["batch_verifications"] % batch == 0 and d["batch_verifications"] >= batch
assert d["single_verifications"] >= 1 and d["baseline_verifications"] >= 1
# the baseline with its key built from the bytes in every call, as our single check does
assert d["baseline_from_bytes_us"] > 0, "baseline_from_bytes_us"
assert abs(d["single_ratio_from_bytes"] - d["baseline_from_bytes_us"] / d["single_us"]) <= 2e-3 * d["single_ratio_from_bytes"] + 2e-3
# more than one thread: the same run times the batch on one thread too
if threads > 1:
    assert d["batch_rate_1thread"] > 0, "batch_rate_1thread"
    assert abs(d["thread_scaling"] - d["batch_rate"] / d["batch_rate_1thread"]) <= 1e-3 * d["thread_scaling"] + 1e-3
    # and T one-thread batches at once: the machine ceiling of the scaling
    assert d["batch_rate_independent"] > 0, "batch_rate_independent"
    m = d["batch_rate_independent"] / d["batch_rate_1thread"]
    assert abs(d["machine_scaling"] - m) <= 1e-3 * m + 1e-3, "machine_scaling"
    e = d["thread_scaling"] / d["machine_scaling"]
    assert abs(d["scaling_efficiency"] - e) <= 1e-3 * e + 1e-3, "scaling_efficiency"
else:
    for k in ("batch_rate_1thread", "thread_scaling", "batch_rate_independent", "machine_scaling",
              "scaling_efficiency"):
        assert k not in d, k
' "$@"; then ok; else bad "json for $1: $out"; fi
}

for scheme in sm2 bip340 ed25519; do
  case $scheme in sm2) base=openssl-;; bip340) base=libsecp256k1-;; ed25519) base=openssl-;; esac
  expect 0 -- "$SLUICE" bench sig --scheme "$scheme" --batch 64 --seconds 0.2 --threads 1 --json
  check_json "$scheme" 64 64 1 "$base"
done
# fewer keys than signatures, two threads, --json before the command
expect 0 -- "$SLUICE" --json bench sig --scheme bip340 --batch 48 --keys 4 --threads 2 --seconds 0.1
check_json bip340 48 4 2 libsecp256k1-
# the text form names the same-run one-thread batch and the scaling
expect 0 -- "$SLUICE" bench sig --scheme ed25519 --batch 32 --seconds 0.1 --threads 2
has "$out" "^  batch +sluice_sig_batch of 32, 1 thread \(same run\).*\(2 threads: [0-9.]+x\)" "same-run 1-thread line"
# an accelerator when this machine has one (OpenCL, e.g. PoCL): a batch large enough to be offloaded
out=$("$SLUICE" bench sig --scheme ed25519 --batch 512 --seconds 0.05 --threads 1 --backend opencl --json 2>"$tmp/err"); rc=$?
if [ $rc -eq 2 ] && grep -q "opencl backend:" "$tmp/err"; then
  echo "note: no OpenCL signature device here ($(head -c 200 "$tmp/err")); accelerator bench skipped"
else
  [ $rc -eq 0 ] && ok || bad "opencl bench exit $rc: $(head -c 300 "$tmp/err")"
  printf '%s' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["backend"] == "opencl" and d["device"].startswith("opencl:0") and d["rate"] > 0' \
    && ok || bad "opencl bench json: $out"
fi
# the text output says whether every key is distinct
expect 0 -- "$SLUICE" bench sig --scheme ed25519 --batch 32 --seconds 0.1 --threads 1
has "$out" "32 signatures of 32-byte messages, 32 distinct keys \(every key distinct\)" "distinct keys said"
has "$out" "^  baseline +openssl-.*-ed25519, 1 thread" "baseline line"
has "$out" "^  baseline +openssl-.*-ed25519, key per call" "baseline line, key from bytes"
has "$out" "^  ratio: batch / baseline [0-9.]+x" "ratio line"
expect 0 -- "$SLUICE" bench sig --scheme sm2 --batch 16 --keys 2 --seconds 0.05 --threads 1
has "$out" "16 signatures of 32-byte messages, 2 distinct keys \(made" "two keys said"

# a wrong verdict stops the bench (exit 1): one altered message, in text and JSON
expect 1 -- "$SLUICE" bench sig --scheme bip340 --batch 8 --seconds 0.05 --tamper 5
has "$err" "rejected valid signature 5 \(signature mismatch\)" "tampered signature named"
expect 1 -- "$SLUICE" bench sig --scheme sm2 --batch 4 --seconds 0.05 --tamper 0 --json
if printf '%s' "$out" | python3 -c 'import json, sys; assert "error" in json.load(sys.stdin)'; then ok; else bad "tamper json: $out"; fi
expect 2 -- "$SLUICE" bench sig --scheme sm2 --batch 4 --tamper 4

# bad usage
expect 2 -- "$SLUICE" bench sig --batch 64
has "$err" "--scheme is required" "missing scheme"
expect 2 -- "$SLUICE" bench sig --scheme rsa
expect 2 -- "$SLUICE" bench sig --scheme sm2 --batch 0
expect 2 -- "$SLUICE" bench sig --scheme sm2 --batch 64 --keys 65
has "$err" "at most one key per signature" "keys > batch"
expect 2 -- "$SLUICE" bench sig --scheme sm2 --keys 0
expect 2 -- "$SLUICE" bench sig --scheme sm2 --seconds -1
expect 2 -- "$SLUICE" bench sig --scheme sm2 --backend tpu
expect 2 -- "$SLUICE" bench sig --scheme sm2 --threads 1025
expect 2 -- "$SLUICE" --json bench sig --scheme sm2 --bogus
if printf '%s' "$out" | python3 -m json.tool > /dev/null 2>&1; then ok; else bad "usage error json: $out"; fi
expect 0 -- "$SLUICE" bench sig --help
has "$out" "baseline" "help"
expect 2 -- "$SLUICE" bench frobnicate
has "$err" "sig, block\)" "bench lists sig"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
