#!/usr/bin/env bash
# CLI tests of `sluice validate` (the sliding-window validator, sluice/pswv.h):
# usage errors (exit 2), a valid chaingen chain (exit 0, every block committed,
# --json fields), the same answer for --window 1 and --window 16, a fault
# (exit 1 with first_invalid_height, rule, committed_height), resume from an
# existing --db, a corrupt file (exit 2, not a crash), hex-line input, and a
# wrong --network genesis.
# usage: bash validate.sh /path/to/sluice
set -u
SLUICE=${1:?usage: validate.sh /path/to/sluice}
. "$(dirname "$0")/lib/common.sh" validate

"$SLUICE" chaingen --out "$tmp/c.chain" --blocks 104 --txs-per-block 6 >/dev/null || bad "chaingen"
"$SLUICE" chaingen --out "$tmp/f.chain" --blocks 104 --txs-per-block 6 --gzip \
    --fault spend-unknown@102 >/dev/null || bad "chaingen fault"

# usage
expect 2 "$SLUICE" validate --db "$tmp/x"
expect 2 "$SLUICE" validate "$tmp/c.chain"
expect 2 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/x" --window 0
expect 2 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/x" --network moon
expect 2 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/x" --profile rot13
expect 2 "$SLUICE" validate "$tmp/missing.chain" --db "$tmp/x"

# valid, two windows, same result
expect 0 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/d1" --window 1 --threads 1 --json
has "$out" '"valid":true' "valid"
has "$out" '"committed_height":104' "height"
has "$out" '"tx_per_sec":[0-9]' "tx/s"
has "$out" '"stages":\{"read"' "stages"
d1_digest=$(jget "$out" 'j["utxo_digest"]')
has "$d1_digest" '^[0-9a-f]{64}$' "utxo_digest"
expect 0 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/d16" --window 16 --threads 2
has "$out" 'committed height 104' "text summary"
has "$out" "utxo digest $d1_digest" "window 16 digest = window 1 digest"

# fault: exit 1, the height, the rule, the prefix committed
expect 1 "$SLUICE" validate "$tmp/f.chain" --db "$tmp/df" --window 16 --json
has "$out" '"first_invalid_height":102' "fault height"
has "$out" '"rule":"utxo_not_found"' "fault rule"
has "$out" '"committed_height":101' "fault prefix"
expect 1 "$SLUICE" validate "$tmp/f.chain" --db "$tmp/df1" --window 1
has "$out" 'INVALID block at height 102, transaction [0-9]+' "fault text"

# resume: the store already holds everything
expect 0 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/d1" --window 8 --json
has "$out" '"skipped":105' "resume skipped"
has "$out" '"blocks":0' "resume nothing new"

# a corrupt chain file: input error, no crash
python3 - "$tmp/c.chain" "$tmp/bad.chain" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[len(d) // 2] ^= 0x20
open(sys.argv[2], "wb").write(d)
PY
expect 2 "$SLUICE" validate "$tmp/bad.chain" --db "$tmp/db" --json
has "$out" '"error":' "corrupt reported"
has "$out" '"valid":false' "corrupt not valid"

# hex lines, mainnet genesis mismatch
python3 - "$tmp/c.chain" "$tmp/c.hex" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read(); i = 8
with open(sys.argv[2], "w") as f:
    while i < len(d):
        n = struct.unpack_from("<I", d, i)[0]; f.write(d[i + 8:i + 8 + n].hex() + "\n"); i += 8 + n
PY
expect 0 "$SLUICE" validate "$tmp/c.hex" --db "$tmp/dh" --window 32 --json
has "$out" '"committed_height":104' "hex input"
expect 1 "$SLUICE" validate "$tmp/c.chain" --db "$tmp/dm" --network mainnet --json
has "$out" '"rule":"genesis_mismatch"' "network genesis"

# the demo's last step: a generated chain valid, an unknown spend found at 103
out=$("$SLUICE" demo --algo validate --threads 2 2>"$tmp/err"); rc=$?
if [ "$rc" -eq 0 ]; then ok; else bad "demo validate exit $rc: $(head -c 300 "$tmp/err")"; fi
has "$out" "generated chain +105 blocks, .* committed up to height 104 +valid .*\(as expected\)" "demo valid chain"
has "$out" "with an unknown spend .*invalid at 103: utxo_not_found .*\(as expected\)" "demo fault"
has "$out" "2 chains validated; all verified" "demo summary"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
