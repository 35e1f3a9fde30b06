#!/usr/bin/env bash
# CLI tests of `sluice hash ethash`: every `hash` vector line of ethash.txt
# (text and JSON), strict nonce/header/block parsing (exit 2, never a crash),
# and the JSON fields of `sluice bench ethash-light` / bad bench options.
# usage: bash ethash_hash.sh /path/to/sluice
set -u
SLUICE=${1:?usage: ethash_hash.sh /path/to/sluice}
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# expect CODE -- command...: runs it, checks the exit status, leaves stdout in $out
expect() {
  local want=$1; shift; shift
  out=$("$@" 2>/tmp/sluice_eth_err.$$); local rc=$?
  if [ "$rc" -eq "$want" ]; then ok; else bad "exit $rc (want $want): $* :: $(head -c 300 /tmp/sluice_eth_err.$$)"; fi
}
json_get() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(eval('d'+sys.argv[2]))" "$1" "$2"; }

VEC="${SLUICE_VECTORS:-tests/vectors}/ethash.txt"
n=0
while read -r kind block hh nonce mix final; do
  [ "$kind" = "hash" ] || continue
  n=$((n + 1))
  expect 0 -- "$SLUICE" hash ethash --block "$block" --header-hash "$hh" --nonce "$nonce"
  [ "$out" = "$(printf 'mix %s\nfinal %s' "$mix" "$final")" ] && ok || bad "block $block nonce $nonce: got '$out'"
  if [ "$n" -eq 3 ]; then   # JSON once (each run builds the epoch's light cache: keep the test short)
    expect 0 -- "$SLUICE" --json hash ethash --block "$block" --header-hash "0x$hh" --nonce "0x$nonce"
    [ "$(json_get "$out" "['mix']")" = "$mix" ] && ok || bad "json mix, block $block"
    [ "$(json_get "$out" "['final']")" = "$final" ] && ok || bad "json final, block $block"
    [ "$(json_get "$out" "['epoch']")" = "$((block / 30000))" ] && ok || bad "json epoch, block $block"
    [ "$(json_get "$out" "['nonce']")" = "$nonce" ] && ok || bad "json nonce, block $block"
  fi
done < "$VEC"
[ "$n" -eq 4 ] && ok || bad "expected 4 hash vector lines, read $n"

# The nonce is a number: leading zeros may be dropped (vector 4 is 0x1a0a).
expect 0 -- "$SLUICE" hash ethash --block 0 \
  --header-hash e74e5e8688d3c6f17885fa5e64eb6718046b57895a2a24c593593070ab71f5fd --nonce 1A0A
echo "$out" | grep -q '^final 13c5a668bba6b86ed16098113d9d6a7a5cac1802e9c8f2d57c932d8818375eb7$' && ok || bad "short nonce: $out"

# Bad input: exit 2 with a message, never a crash.
HH=2a8de2adf89af77358250bf908bf04ba94a6e8c3ba87775564a41d269a05e4ce
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce 42g
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce ""
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce 0x
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce 00000000000000001
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce -1
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce " 12"
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "${HH:0:63}" --nonce 1
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "${HH}00" --nonce 1
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "zz${HH:2}" --nonce 1
expect 2 -- "$SLUICE" hash ethash --block abc --header-hash "$HH" --nonce 1
expect 2 -- "$SLUICE" hash ethash --block -5 --header-hash "$HH" --nonce 1
expect 2 -- "$SLUICE" hash ethash --block 979200000 --header-hash "$HH" --nonce 1
expect 2 -- "$SLUICE" hash ethash --block 99999999999999999999999 --header-hash "$HH" --nonce 1
expect 2 -- "$SLUICE" hash ethash --header-hash "$HH" --nonce 1
expect 2 -- "$SLUICE" hash ethash --block 0 --nonce 1
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH"
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce 1 --bogus
expect 2 -- "$SLUICE" hash ethash --block 0 --header-hash "$HH" --nonce 1 stray
expect 2 -- "$SLUICE" --json hash ethash --block 0 --header-hash "$HH" --nonce zz
json_get "$out" "['error']" >/dev/null 2>&1 && ok || bad "json error object: $out"
expect 0 -- "$SLUICE" hash ethash --help
echo "$out" | grep -q -- "--nonce" && ok || bad "help text: $out"

# Bench option checking (exit 2) and the ethash-light JSON fields (short run).
expect 2 -- "$SLUICE" bench ethash-dag --epoch 32640
expect 2 -- "$SLUICE" bench ethash-dag --seconds 1
expect 2 -- "$SLUICE" bench ethash-full --backend tpu
expect 2 -- "$SLUICE" bench ethash-full --seconds 0
expect 2 -- "$SLUICE" bench ethash-light --threads many
expect 2 -- "$SLUICE" bench ethash-light --no-dag-cache
expect 2 -- "$SLUICE" bench ethash-wat
for b in ethash-dag ethash-full ethash-light; do
  expect 0 -- "$SLUICE" bench $b --help
  [ -n "$out" ] && ok || bad "empty help for bench $b"
done
expect 0 -- "$SLUICE" --json bench ethash-light --seconds 0.3 --threads 2
python3 -c 'import json,sys
d=json.loads(sys.argv[1])
for k in ("bench","backend","threads","rate","unit","baseline","ratio"): assert k in d, k
assert d["bench"]=="ethash-light" and d["unit"]=="verify/s" and d["threads"]==2
assert d["rate"]>0 and d["baseline"]["rate"]>0
assert abs(d["ratio"]-d["rate"]/d["baseline"]["rate"])<1e-2*d["ratio"]' "$out" && ok || bad "bench ethash-light json: $out"

rm -f /tmp/sluice_eth_err.$$
echo "cli ethash_hash: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
