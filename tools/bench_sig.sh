#!/usr/bin/env bash
# The signature benchmarks of issue 4 (docs/performance.md, "Signatures"):
# runs `sluice bench sig` R rounds per case and prints, per case and figure,
# the minimum, median and maximum over the rounds. Every run measures our
# single check, our batch and the oracle baseline in the same process, in
# interleaved slices, so the ratios of one run are comparable even when the
# machine's speed drifts; the spread over rounds shows what is left.
# Cases, for each scheme (sm2, bip340, ed25519):
#   distinct  --batch 1024, every key distinct (one thread);
#   keys16    --batch 1024 --keys 16 (each key used 64 times per batch);
#   threads   --batch 8192 --threads 2 --seconds 4 (thread_scaling: the
#             two-thread batch against the one-thread batch, same run;
#             machine_scaling: two independent one-thread batches at once
#             against one, the machine's ceiling for any two-thread work;
#             scaling_efficiency: the first over the second).
# usage: tools/bench_sig.sh [SLUICE] [--rounds R] [--schemes "sm2 bip340 ed25519"] [--no-threads]
set -eu
SLUICE=build/tools/sluice
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then SLUICE=$1; shift; fi
ROUNDS=3 SCHEMES="sm2 bip340 ed25519" THREADS=1
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --schemes) SCHEMES=$2; shift 2 ;;
    --no-threads) THREADS=0; shift ;;
    *) echo "bench_sig.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case $ROUNDS in ''|*[!0-9]*|0) echo "bench_sig.sh: bad --rounds '$ROUNDS'" >&2; exit 2 ;; esac
OUT=$(mktemp "${TMPDIR:-/tmp}/bench_sig.XXXXXX")
trap 'rm -f "$OUT"' EXIT
for s in $SCHEMES; do
  for r in $(seq "$ROUNDS"); do
    # the cases interleaved round by round, so drift spreads over all of them
    printf '%s distinct ' "$s" >>"$OUT"
    "$SLUICE" bench sig --scheme "$s" --batch 1024 --json >>"$OUT"
    printf '%s keys16 ' "$s" >>"$OUT"
    "$SLUICE" bench sig --scheme "$s" --batch 1024 --keys 16 --json >>"$OUT"
    if [ "$THREADS" = 1 ]; then
      printf '%s threads ' "$s" >>"$OUT"
      "$SLUICE" bench sig --scheme "$s" --batch 8192 --threads 2 --seconds 4 --json >>"$OUT"
    fi
    echo "bench_sig.sh: $s round $r of $ROUNDS done" >&2
  done
done
python3 - "$OUT" <<'EOF'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    scheme, case, js = line.split(' ', 2)
    rows.setdefault((scheme, case), []).append(json.loads(js))
fields = {
    'distinct': ['single_us', 'batch_us', 'baseline_us', 'baseline_from_bytes_us', 'ratio',
                 'single_ratio', 'single_ratio_from_bytes', 'batch_vs_single'],
    'keys16': ['batch_us', 'baseline_us', 'ratio', 'batch_vs_single'],
    'threads': ['batch_us', 'batch_rate_1thread', 'thread_scaling', 'machine_scaling',
                'scaling_efficiency'],
}
for (scheme, case), runs in rows.items():
    print(f'{scheme} {case} ({len(runs)} runs): ' + ', '.join(
        f"{f} {min(r[f] for r in runs):.3f}/{statistics.median(r[f] for r in runs):.3f}/"
        f"{max(r[f] for r in runs):.3f}" for f in fields[case] if f in runs[0]))
print('(each figure: min/median/max over the runs)')
EOF
