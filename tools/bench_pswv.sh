#!/usr/bin/env bash
# The validator benchmark of issue 6 (docs/performance.md, "Sliding-window
# validation"): generates a P2WPKH chain with chaingen, then validates it into
# fresh LMDB stores with --window 1 --threads 1 (the one-by-one baseline) and
# with --window W --threads T, side by side, R rounds each, and prints one JSON
# line per run plus the ratio and the non-signature share of the best runs.
# Two segments are measured:
#   whole   heights 0..N (blocks 1..99 hold only coinbases: outputs mature
#           after 100 blocks, so their cost is one Tensority check each);
#   steady  heights 100..N, on a copy of a store that already holds 0..99
#           (validated beforehand from a chaingen prefix with the same seed).
# usage: tools/bench_pswv.sh [SLUICE] [--blocks N] [--txs M] [--keys K] [--profile mainnet|gm]
#                            [--window W] [--threads T] [--rounds R] [--dir DIR]
set -eu
SLUICE=build/tools/sluice
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then SLUICE=$1; shift; fi
BLOCKS=129 TXS=5000 KEYS=65535 PROFILE=mainnet WINDOW=64 THREADS=2 ROUNDS=2 DIR=
while [ $# -gt 0 ]; do
  case $1 in
    --blocks) BLOCKS=$2 ;; --txs) TXS=$2 ;; --keys) KEYS=$2 ;; --profile) PROFILE=$2 ;;
    --window) WINDOW=$2 ;; --threads) THREADS=$2 ;; --rounds) ROUNDS=$2 ;; --dir) DIR=$2 ;;
    *) echo "bench_pswv.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -n "$DIR" ] || DIR=$(mktemp -d "${TMPDIR:-/tmp}/bench_pswv.XXXXXX")
mkdir -p "$DIR"
VPROFILE=$PROFILE; [ "$PROFILE" = gm ] && VPROFILE=national
gen() { "$SLUICE" chaingen --out "$1" --blocks "$2" --txs-per-block "$TXS" --mix p2wpkh \
          --keys "$KEYS" --seed 11 --profile "$PROFILE" --json; }
gen "$DIR/chain" "$BLOCKS" >"$DIR/gen.json"
gen "$DIR/prefix" 99 >/dev/null
rm -rf "$DIR/pre"
"$SLUICE" validate "$DIR/prefix" --db "$DIR/pre" --profile "$VPROFILE" --json >/dev/null
echo "chain: $(cat "$DIR/gen.json")"
run() { # segment window threads
  local db="$DIR/db"
  rm -rf "$db"
  if [ "$1" = steady ]; then cp -r "$DIR/pre" "$db"; fi
  "$SLUICE" validate "$DIR/chain" --db "$db" --window "$2" --threads "$3" \
      --profile "$VPROFILE" --json
}
for seg in whole steady; do
  for r in $(seq 1 "$ROUNDS"); do
    for cfg in "1 1" "$WINDOW $THREADS"; do
      set -- $cfg
      j=$(run "$seg" "$1" "$2")
      echo "$seg round $r: $j"
      echo "$seg $1 $2 $j" >>"$DIR/runs"
    done
  done
done
python3 - "$DIR/runs" <<'PY'
import json, sys
best = {}
for line in open(sys.argv[1]):
    seg, w, t, j = line.split(" ", 3)
    d = json.loads(j)
    assert d["valid"], d
    k = (seg, w == "1" and t == "1")
    if k not in best or d["tx_per_sec"] > best[k]["tx_per_sec"]:
        best[k] = d
for seg in ("whole", "steady"):
    base, win = best[(seg, True)], best[(seg, False)]
    for name, d in (("baseline", base), ("window", win)):
        st = d["stages"]
        nonsig = 1 - st["sigs"] / d["seconds"]
        print(f"{seg} {name}: window {d['window']} threads {d['threads']}: "
              f"{d['txs']} txs in {d['seconds']:.3f} s = {d['tx_per_sec']:.0f} tx/s; "
              f"non-signature share {100 * nonsig:.1f}%; stages " +
              " ".join(f"{k} {v:.3f}" for k, v in st.items()))
    print(f"{seg} ratio: {win['tx_per_sec'] / base['tx_per_sec']:.2f}x "
          f"(digests equal: {base['utxo_digest'] == win['utxo_digest']})")
PY
