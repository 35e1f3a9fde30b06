#!/usr/bin/env bash
# CLI tests of `sluice chaingen`: usage errors (exit 2), --fault parsing and
# limits, the chain file (SLCHAIN1 frames, CRC-32C, heights 0..N), --json
# fields, reproducibility with --seed (both profiles, with transactions),
# --gzip (gzip(1) reads it back to the same bytes), a fault ending the chain,
# `sluice block decode` accepting generated blocks, exactly M transactions in
# every block from height 100 on, and --mix p2wpkh (only one-input P2WPKH BTM
# spends; `sluice validate` finds the chain valid).
# usage: bash chaingen.sh /path/to/sluice
set -u
SLUICE=${1:?usage: chaingen.sh /path/to/sluice}
. "$(dirname "$0")/lib/common.sh" chaingen

# frames FILE: prints "count first_height last_height" after checking magic, lengths and CRCs
frames() {
  python3 - "$1" <<'EOF'
import sys
def crc32c(b):
    c = 0xffffffff
    for x in b:
        c ^= x
        for _ in range(8):
            c = (c >> 1) ^ (0x82f63b78 if c & 1 else 0)
    return c ^ 0xffffffff
def varint(b, i):
    v = s = 0
    while True:
        x = b[i]; i += 1
        v |= (x & 0x7f) << s; s += 7
        if not x & 0x80: return v, i
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"SLCHAIN1", "magic"
i, hs = 8, []
while i < len(d):
    n = int.from_bytes(d[i:i+4], "little"); c = int.from_bytes(d[i+4:i+8], "little")
    p = d[i+8:i+8+n]; assert len(p) == n, "truncated"
    assert crc32c(p) == c, "crc"
    assert p[0] == 3, "serflags"
    _, j = varint(p, 1)           # version
    h, j = varint(p, j)           # height
    hs.append(h); i += 8 + n
assert hs == list(range(hs[0], hs[0] + len(hs))), "heights not consecutive"
print(len(hs), hs[0], hs[-1])
EOF
}
# block_hex FILE INDEX: the hex of frame INDEX
block_hex() {
  python3 - "$1" "$2" <<'EOF'
import sys
d = open(sys.argv[1], "rb").read(); i = 8; k = int(sys.argv[2])
while True:
    n = int.from_bytes(d[i:i+4], "little")
    if k == 0: print(d[i+8:i+8+n].hex()); break
    i += 8 + n; k -= 1
EOF
}

# --- help and usage errors ---
expect 0 -- "$SLUICE" chaingen --help
has "$out" "usage: sluice chaingen" "help"
has "$out" "--mix default[|]p2wpkh" "help names --mix"
has "$out" "9,000,000" "help names the gas cap"
expect 2 -- "$SLUICE" chaingen --blocks 3 --txs-per-block 1
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --txs-per-block 1
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks abc --txs-per-block 1
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks -3 --txs-per-block 1
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 2000000 --txs-per-block 1
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 5001
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 --profile ecdsa
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 --seed 1x
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 --bogus
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 extra
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 --mix p2sh
has "$(cat "$tmp/err")" "mix" "unknown mix named"
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 --mix
for f in nope@2 bad-pow bad-pow@ bad-pow@0 bad-pow@x bad-pow@-1 @2 "bad-pow@2 "; do
  expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 --fault "$f"
done
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 3 --txs-per-block 1 --fault bad-pow@4
has "$(cat "$tmp/err")" "beyond" "fault beyond the chain"
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 10 --txs-per-block 1 --fault double-spend@5
has "$(cat "$tmp/err")" ">= 100" "fault below its minimum height"
expect 2 -- "$SLUICE" chaingen --out "$tmp/x" --blocks 200 --txs-per-block 0 --fault double-spend@150
has "$(cat "$tmp/err")" "txs-per-block" "double-spend without transactions"
expect 2 -- "$SLUICE" chaingen --out "$tmp/no/such/dir/x" --blocks 1 --txs-per-block 1
expect 2 -- "$SLUICE" --json chaingen --blocks 1 --txs-per-block 1
has "$out" '"error"' "json usage error"

# --- a short chain: frames, json, reproducibility, another seed ---
expect 0 -- "$SLUICE" chaingen --out "$tmp/a" --blocks 3 --txs-per-block 4 --seed 7
has "$out" "wrote 4 blocks \(heights 0..3\)" "text summary"
has "$(frames "$tmp/a")" "^4 0 3$" "frames of a"
expect 0 -- "$SLUICE" chaingen --out "$tmp/b" --blocks 3 --txs-per-block 4 --seed 7 --json
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["blocks"] == 4 and d["last_height"] == 3 and d["fault"] == "none" and d["gzip"] is False
assert d["profile"] == "mainnet" and d["seed"] == 7 and len(d["genesis_hash"]) == 64 and d["txs"] == 4
assert d["mix"] == "default" and d["fanouts"] == 0 and d["txs_per_block"] == 4
' && ok || bad "json summary: $out"
cmp -s "$tmp/a" "$tmp/b" && ok || bad "same seed, different bytes"
expect 0 -- "$SLUICE" chaingen --out "$tmp/c" --blocks 3 --txs-per-block 4 --seed 8
cmp -s "$tmp/a" "$tmp/c" && bad "another seed, same bytes" || ok

# --- gzip ---
expect 0 -- "$SLUICE" chaingen --out "$tmp/a.gz" --blocks 3 --txs-per-block 4 --seed 7 --gzip
[ "$(head -c 2 "$tmp/a.gz" | od -An -tx1 | tr -d ' ')" = "1f8b" ] && ok || bad "gzip magic"
if command -v gzip >/dev/null; then
  gzip -dc < "$tmp/a.gz" > "$tmp/a.un" && cmp -s "$tmp/a" "$tmp/a.un" && ok || bad "gunzip differs"
fi

# --- a header fault ends the chain at its height ---
expect 0 -- "$SLUICE" chaingen --out "$tmp/f" --blocks 6 --txs-per-block 2 --seed 7 --fault bad-pow@2 --json
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["fault"] == "bad-pow" and d["fault_height"] == 2 and d["last_height"] == 2 and d["blocks"] == 3
' && ok || bad "fault json: $out"
has "$(frames "$tmp/f")" "^3 0 2$" "frames of f"
# the blocks before the fault are those of the plain chain
[ "$(block_hex "$tmp/f" 1)" = "$(block_hex "$tmp/a" 1)" ] && ok || bad "prefix before the fault differs"

# --- chains with transactions (height >= 100), both profiles, reproducible ---
for prof in mainnet gm; do
  expect 0 -- "$SLUICE" chaingen --out "$tmp/t1" --blocks 101 --txs-per-block 6 --seed 3 --profile $prof --json
  printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["blocks"] == 102 and d["txs"] == 102 + 2 * 6, d
' && ok || bad "tx chain json ($prof): $out"
  expect 0 -- "$SLUICE" chaingen --out "$tmp/t2" --blocks 101 --txs-per-block 6 --seed 3 --profile $prof
  cmp -s "$tmp/t1" "$tmp/t2" && ok || bad "$prof: same seed, different bytes"
  has "$(frames "$tmp/t1")" "^102 0 101$" "frames of t1 ($prof)"
  expect 0 -- "$SLUICE" block decode "$(block_hex "$tmp/t1" 101)" --json
  printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["height"] == 101 and len(d["transactions"]) == 7, (d.get("height"), len(d.get("transactions", [])))
' && ok || bad "decode of block 101 ($prof): $(printf '%s' "$out" | head -c 300)"
done

# --- the p2wpkh mix: counts, only P2WPKH spends, valid (its reproducibility is in
# test_chaingen: two clones from height 100 on make the same bytes) ---
# --keys 5000: the outputs of blocks 100-101 all go to distinct keys (with the
# default 24 keys, more than 24 outputs must repeat one)
expect 0 -- "$SLUICE" chaingen --out "$tmp/p1" --blocks 101 --txs-per-block 12 --seed 5 --mix p2wpkh --keys 5000 --json
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["mix"] == "p2wpkh" and d["blocks"] == 102 and d["txs"] == 102 + 2 * 12, d
assert d["keys"] == 5000, d
assert d["multisig_spends"] == 0 and d["issuances"] == 0 and d["retirements"] == 0, d
assert d["status_fail"] == 0 and d["spends"] == 2 * 12 and d["fanouts"] >= 1, d
' && ok || bad "p2wpkh json: $out"
: > "$tmp/programs"
for h in 99 100 101; do
  expect 0 -- "$SLUICE" block decode "$(block_hex "$tmp/p1" $h)" --json
  printf '%s' "$out" | python3 -c '
import json, re, sys
h = int(sys.argv[1])
d = json.load(sys.stdin)
txs = d["transactions"]
assert d["height"] == h and len(txs) == (1 if h < 100 else 13), (h, len(txs))
p2wpkh = re.compile("^0014[0-9a-f]{40}$")
btm = "f" * 64
for t in txs[1:]:
    assert len(t["inputs"]) == 1, t["tx_id"]
    i = t["inputs"][0]
    assert i["type"] == "spend" and i["asset_id"] == btm and p2wpkh.match(i["control_program"]), i
    assert 1 <= len(t["outputs"]) <= 8, t["tx_id"]
    for o in t["outputs"]:
        assert o["type"] == "control" and o["asset_id"] == btm and p2wpkh.match(o["control_program"]), o
        assert o["amount"] >= t["fee"] > 0, (o["amount"], t["fee"])
        if h >= 100:
            print(o["control_program"])
' "$h" >> "$tmp/programs" && ok || bad "p2wpkh block $h: $(printf '%s' "$out" | head -c 300)"
done
n_out=$(wc -l < "$tmp/programs"); n_distinct=$(sort -u "$tmp/programs" | wc -l)
if [ "$n_out" -gt 24 ] && [ "$n_distinct" -eq "$n_out" ]; then ok; else
  bad "--keys 5000: $n_distinct distinct programs among $n_out outputs"; fi
expect 2 -- "$SLUICE" chaingen --out "$tmp/k" --blocks 1 --txs-per-block 1 --keys 23
expect 2 -- "$SLUICE" chaingen --out "$tmp/k" --blocks 1 --txs-per-block 1 --keys 65536
expect 2 -- "$SLUICE" chaingen --out "$tmp/k" --blocks 1 --txs-per-block 1 --keys many
expect 0 -- "$SLUICE" validate "$tmp/p1" --db "$tmp/pdb" --json
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["valid"] is True and d["committed_height"] == 101 and d["txs"] == 126, d
' && ok || bad "validate p2wpkh chain: $out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
