#!/usr/bin/env bash
# Crash test of `sluice validate` (issue 6): the validator is killed with
# SIGKILL at random moments while it validates a chaingen chain into an LMDB
# store, restarted on the same store each time, and must end with the same
# committed height and the same UTXO digest (utxo_digest, SHA3-256 over the
# committed set) as one uninterrupted run. The random sleeps come from a fixed
# seed; whatever the timing, every restart must resume from a consistent tip.
# usage: bash validate_kill.sh /path/to/sluice
set -u
SLUICE=${1:?usage: validate_kill.sh /path/to/sluice}
. "$(dirname "$0")/lib/common.sh" validate_kill

"$SLUICE" chaingen --out "$tmp/c.chain" --blocks 124 --txs-per-block 16 --seed 7 >/dev/null \
    || bad "chaingen"

# the reference: one run, no interruption
expect 0 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/ref" --window 2 --threads 1 --json
ref_height=$(jget "$out" 'j["committed_height"]')
ref_digest=$(jget "$out" 'j["utxo_digest"]')
ref_secs=$(jget "$out" 'j["seconds"]')
eq "$ref_height" 124 "reference height"
has "$ref_digest" '^[0-9a-f]{64}$' "reference digest"

# kill -9 at random points: each round runs for 3 %..15 % of the reference's
# time, so most rounds die mid-run after committing some windows even when the
# machine's load changes; rounds go on until one finishes (at most 16)
RANDOM=4242
landed=0
resumed=0
for round in $(seq 1 16); do
  "$SLUICE" validate "$tmp/c.chain" --db "$tmp/db" --window 2 --threads 1 --json \
      >"$tmp/run.json" 2>"$tmp/run.err" &
  pid=$!
  ms=$(python3 -c "import sys; print(int(1000 * float(sys.argv[1]) * (0.03 + 0.12 * ${RANDOM} / 32767.0)))" "$ref_secs")
  sleep "$(python3 -c "print($ms / 1000.0)")"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid"; rc=$?
    if [ "$rc" -eq 137 ]; then landed=$((landed + 1)); else
      eq "$rc" 0 "round $round ended before the kill: $(head -c 300 "$tmp/run.err")"; fi
  else
    wait "$pid"; rc=$?
    eq "$rc" 0 "round $round finished before the kill: $(head -c 300 "$tmp/run.err")"
  fi
  done_now=$rc
  if grep -q '"skipped":[1-9]' "$tmp/run.json" 2>/dev/null; then resumed=$((resumed + 1)); fi
  echo "round $round: kill -9 after ${ms} ms, exit $rc"
  [ "$done_now" -eq 0 ] && break
done
[ "$landed" -ge 2 ] && ok || bad "fewer than 2 kills landed during a run (landed $landed)"

# finish on the crashed store: same tip, same UTXO set
expect 0 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/db" --window 2 --threads 1 --json
eq "$(jget "$out" 'j["committed_height"]')" "$ref_height" "height after the crashes"
eq "$(jget "$out" 'j["utxo_digest"]')" "$ref_digest" "UTXO digest after the crashes"
if [ "$landed" -ge 1 ]; then
  # a later run (a round or the final one) must have resumed from a committed tip
  if [ "$resumed" -ge 1 ] || [ "$(jget "$out" 'j["skipped"] > 0')" = True ]; then ok; else
    bad "no run resumed from the store's tip"; fi
fi
# a different window and thread count on a fresh store: the same set
expect 0 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/w16" --window 16 --threads 2 --json
eq "$(jget "$out" 'j["utxo_digest"]')" "$ref_digest" "window 16 digest"
echo "kills landed: $landed"
finish
