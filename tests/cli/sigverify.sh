#!/usr/bin/env bash
# CLI tests of `sluice sigverify` on files built from the vectors
# (tests/vectors/{bip340.csv,ed25519.txt,sm2.txt}): exact per-line verdicts,
# exit codes (0 all valid, 1 an invalid signature, 2 bad usage or malformed
# input, which is all reported and nothing verified), JSON that parses,
# standard input, comments, CRLF.
# usage: bash sigverify.sh /path/to/sluice
set -u
SLUICE=${1:?usage: sigverify.sh /path/to/sluice}
V=${SLUICE_VECTORS:-tests/vectors}
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sluice_sigverify.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# expect CODE -- command...: runs it, checks the exit status, leaves stdout in $out, stderr in $err
expect() {
  local want=$1; shift; shift
  out=$("$@" 2>"$tmp/err"); local rc=$?
  err=$(cat "$tmp/err")
  if [ "$rc" -eq "$want" ]; then ok; else bad "exit $rc (want $want): ${*:1:5} :: $(head -c 300 "$tmp/err")"; fi
}
has()   { if printf '%s\n' "$1" | grep -qE -- "$2"; then ok; else bad "$3: '$2' not in: $(printf '%s' "$1" | head -c 400)"; fi; }
hasnt() { if printf '%s\n' "$1" | grep -qE -- "$2"; then bad "$3: '$2' found in: $(printf '%s' "$1" | head -c 400)"; else ok; fi; }
json()  { if printf '%s\n' "$1" | python3 -m json.tool > /dev/null 2>&1; then ok; else bad "$2: not JSON: $(printf '%s' "$1" | head -c 300)"; fi; }

for f in bip340.csv ed25519.txt sm2.txt; do
  [ -r "$V/$f" ] || { echo "no vector file $V/$f"; echo "0 passed, 1 failed"; exit 1; }
done

# ---- BIP340: the BIP's test vectors, one line each (vector i on line i + 2, after a comment)
{ echo "# bip-0340 test-vectors.csv: pubkey message signature"
  awk -F, 'NR > 1 { m = $5; if (m == "") m = "-"; print $3, m, $6 }' "$V/bip340.csv"; } > "$tmp/bip340_all.txt"
{ echo "# valid ones only"; echo
  awk -F, 'NR > 1 && $7 == "TRUE" { m = $5; if (m == "") m = "-"; print $3, m, $6 }' "$V/bip340.csv"; } > "$tmp/bip340_valid.txt"
nvalid=$(awk -F, 'NR > 1 && $7 == "TRUE"' "$V/bip340.csv" | wc -l)
[ "$nvalid" -ge 9 ] && ok || bad "bip340 vectors: $nvalid valid"
expect 0 -- "$SLUICE" sigverify --scheme bip340 "$tmp/bip340_valid.txt"
has "$out" "^sigverify bip340: $nvalid items: $nvalid valid, 0 invalid in [0-9.]+ s \([0-9.]+ verify/s" "bip340 summary"
hasnt "$out" "invalid:" "no failure lines when all valid"
# every FALSE vector is named by its line with the first check that fails
expect 1 -- "$SLUICE" sigverify --scheme bip340 --threads 1 "$tmp/bip340_all.txt"
want="7 invalid: bad public key
8 invalid: signature mismatch
9 invalid: signature mismatch
10 invalid: signature mismatch
11 invalid: point at infinity
12 invalid: point at infinity
13 invalid: signature mismatch
14 invalid: r out of range
15 invalid: s out of range
16 invalid: bad public key"
[ "$(printf '%s\n' "$out" | grep invalid:)" = "$want" ] && ok || bad "bip340 failure lines: $out"
has "$out" "19 items: 9 valid, 10 invalid" "bip340 all summary"
# one valid vector with a flipped bit in its message: only that line fails
{ sed -n 2,3p "$tmp/bip340_all.txt"; sed -n 4p "$tmp/bip340_all.txt" | awk '{ sub(/^7/, "8", $2); print }'; } > "$tmp/bip340_flip.txt"
grep -q ' 8E2D58' "$tmp/bip340_flip.txt" && ok || bad "flipped message not built"
expect 1 -- "$SLUICE" sigverify --scheme bip340 "$tmp/bip340_flip.txt"
[ "$(printf '%s\n' "$out" | grep invalid:)" = "3 invalid: signature mismatch" ] && ok || bad "flipped line: $out"
# a valid key/signature of the wrong length is a verdict (exit 1), not malformed input
printf '%s - %s\n' "$(awk -F, 'NR == 2 { print substr($3, 3) }' "$V/bip340.csv")" \
  "$(awk -F, 'NR == 2 { print $6 }' "$V/bip340.csv")" > "$tmp/bip340_short.txt"
expect 1 -- "$SLUICE" sigverify --scheme bip340 "$tmp/bip340_short.txt"
has "$out" "^1 invalid: bad public key$" "31-byte key"

# ---- Ed25519: the vectors with Go's (Bytom's) verdicts, s + L accepted
awk '!/^#/ && $4 == 1 { print $1, $2, $3 }' "$V/ed25519.txt" > "$tmp/ed_valid.txt"
awk '!/^#/ { print $1, $2, $3 }' "$V/ed25519.txt" > "$tmp/ed_all.txt"
ned=$(wc -l < "$tmp/ed_valid.txt")
expect 0 -- "$SLUICE" sigverify --scheme ed25519 "$tmp/ed_valid.txt"
has "$out" "$ned items: $ned valid, 0 invalid" "ed25519 summary"
# from standard input, one thread; the 'wrong message' vector (line 5) fails
expect 1 -- "$SLUICE" sigverify --scheme ed25519 --threads 1 - < "$tmp/ed_all.txt"
wrong=$(awk '{ print $4 }' "$V/ed25519.txt" | grep -n '^0$' | cut -d: -f1)   # file lines with go_accepts = 0
expect_lines=$(for l in $wrong; do echo "$((l - $(grep -c '^#' "$V/ed25519.txt"))) invalid: signature mismatch"; done)
[ "$(printf '%s\n' "$out" | grep invalid:)" = "$expect_lines" ] && ok || bad "ed25519 failures: $out (want $expect_lines)"
# s with a high bit set (sig[63] & 0xE0 != 0): s out of range
awk 'NR == 1 { print $1, $2, substr($3, 1, 126) "ff" }' "$tmp/ed_valid.txt" > "$tmp/ed_s.txt"
expect 1 -- "$SLUICE" sigverify --scheme ed25519 "$tmp/ed_s.txt"
has "$out" "^1 invalid: s out of range$" "ed25519 s range"

# ---- SM2: GB/T 32918 Annex A vector; optional id= field; DER; compressed key
val() { awk -v k="$1" '$1 == k { print $2 }' "$V/sm2.txt"; }
PX=$(val public_x); PY=$(val public_y); R=$(val r); S=$(val s); ID=$(val id)
MSG=$(awk '$1 == "message_ascii" { sub(/^message_ascii /, ""); print }' "$V/sm2.txt" | tr -d '\n' | od -An -tx1 | tr -d ' \n')
[ ${#PX} -eq 64 ] && [ ${#R} -eq 64 ] && [ -n "$MSG" ] && ok || bad "sm2 vector fields"
PUB=04$PX$PY
# y ends in an odd digit or an even one: the compressed prefix
case ${PY: -1} in [13579bBdDfF]) CPUB=03$PX;; *) CPUB=02$PX;; esac
DER=3046022100${R}022100${S}   # r and s both have their top bit set: 33-byte INTEGERs
{ echo "$PUB $MSG $R$S"
  echo "$PUB $MSG $R$S id=$ID"
  echo "0x$CPUB 0x$MSG 0x$R$S"
  echo "$PUB $MSG $DER"; } > "$tmp/sm2_valid.txt"
case ${R:0:1} in [89a-fA-F]) ok;; *) bad "sm2 vector r has no top bit: DER line wrong";; esac
case ${S:0:1} in [89a-fA-F]) ok;; *) bad "sm2 vector s has no top bit: DER line wrong";; esac
expect 0 -- "$SLUICE" sigverify --scheme sm2 "$tmp/sm2_valid.txt"
has "$out" "4 items: 4 valid, 0 invalid" "sm2 valid forms"
# the empty ID (id=-), another ID, a flipped r, r = 0, a DER with a trailing byte
r0=0000000000000000000000000000000000000000000000000000000000000000
last=${S: -1}; [ "$last" = "0" ] && nl=1 || nl=0
{ echo "$PUB $MSG $R$S id=-"
  echo "$PUB $MSG $R$S id=31"
  echo "$PUB $MSG $R${S%?}$nl"
  echo "$PUB $MSG $r0$S"
  echo "$PUB $MSG ${DER}00"
  echo "$PUB $MSG $R$S"; } > "$tmp/sm2_bad.txt"
expect 1 -- "$SLUICE" sigverify --scheme sm2 "$tmp/sm2_bad.txt"
want="1 invalid: signature mismatch
2 invalid: signature mismatch
3 invalid: signature mismatch
4 invalid: r out of range
5 invalid: bad signature encoding"
[ "$(printf '%s\n' "$out" | grep invalid:)" = "$want" ] && ok || bad "sm2 failure lines: $out"
has "$out" "6 items: 1 valid, 5 invalid" "sm2 summary"

# ---- --json: one object that parses, with the failures by line
expect 1 -- "$SLUICE" --json sigverify --scheme bip340 "$tmp/bip340_all.txt"
json "$out" "bip340 json"
if printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["command"] == "sigverify" and d["scheme"] == "bip340" and d["backend"] == "cpu"
assert d["items"] == 19 and d["valid"] == 9 and d["invalid"] == 10 and d["input_errors"] == 0
assert d["verified"] is True and d["unit"] == "verify/s" and d["rate"] > 0 and d["threads"] >= 1
lines = [f["line"] for f in d["failures"]]
assert lines == list(range(7, 17)), lines
assert d["failures"][0]["reason"] == "bad public key" and d["failures"][0]["status"] == 1
assert d["failures"][7]["reason"] == "r out of range" and d["failures"][7]["status"] == 4
'; then ok; else bad "bip340 json fields: $out"; fi
expect 0 -- "$SLUICE" sigverify --json --scheme sm2 "$tmp/sm2_valid.txt"
json "$out" "sm2 json"
has "$out" '"failures":\[\]' "empty failure list"

# ---- malformed lines: all reported by line, nothing verified, exit 2
G=$(sed -n 3p "$tmp/bip340_valid.txt")   # vector 0 (after a comment and a blank line)
set -- $G; GP=$1; GM=$2; GS=$3
{ echo "$G"                       # 1 fine
  echo "${GP}0 $GM $GS"           # 2 odd length key
  echo "$GP zz$GM $GS"            # 3 not hex
  echo "$GP $GM"                  # 4 missing field
  echo "$GP $GM $GS extra"        # 5 extra field (bip340 takes no id)
  echo "   # an indented comment" # 6 skipped
  echo "$GP $GM $GS id=00"        # 7 id= is SM2 only
  echo "$GP $GM ${GS:0:127}"; }   > "$tmp/malformed.txt"   # 8 odd length signature
printf '%s\0%s\n' "$G" "ff" >> "$tmp/malformed.txt"        # 9 NUL byte
expect 2 -- "$SLUICE" sigverify --scheme bip340 "$tmp/malformed.txt"
has "$out" "^2 invalid input: public key: odd number of hex digits \(65\)$" "odd key"
has "$out" "^3 invalid input: message: not hexadecimal \('z' at digit 1\)$" "non-hex message"
has "$out" "^4 invalid input: missing fields \(2 of 3" "missing field"
has "$out" "^5 invalid input: a 4th field" "extra field"
has "$out" "^7 invalid input: a 4th field" "id for bip340"
has "$out" "^8 invalid input: signature: odd number of hex digits \(127\)$" "odd signature"
has "$out" "^9 invalid input: line contains a NUL byte" "NUL byte"
hasnt "$out" "^1 |^6 |sigverify bip340:" "good and comment lines not reported, nothing verified"
has "$err" "7 malformed lines \(and 1 well-formed item\): nothing verified" "malformed summary"
expect 2 -- "$SLUICE" sigverify --json --scheme bip340 "$tmp/malformed.txt"
json "$out" "malformed json"
if printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["verified"] is False and d["input_errors"] == 7 and d["items"] == 1
assert [m["line"] for m in d["malformed"]] == [2, 3, 4, 5, 7, 8, 9]
'; then ok; else bad "malformed json fields: $out"; fi
# SM2's 4th field must be id=HEX
echo "$PUB $MSG $R$S ID=$ID" > "$tmp/sm2_badid.txt"
echo "$PUB $MSG $R$S id=3x" >> "$tmp/sm2_badid.txt"
expect 2 -- "$SLUICE" sigverify --scheme sm2 "$tmp/sm2_badid.txt"
has "$out" "^1 invalid input: 4th field is not id=HEX$" "sm2 bad 4th field"
has "$out" "^2 invalid input: id: not hexadecimal" "sm2 bad id hex"
# a line over 1 MiB is reported without being kept; CRLF line ends and no final newline are fine
{ head -c 1100000 /dev/zero | tr '\0' 'a'; echo; echo "$G"; } > "$tmp/long.txt"
expect 2 -- "$SLUICE" sigverify --scheme bip340 "$tmp/long.txt"
has "$out" "^1 invalid input: line longer than 1048576 bytes$" "huge line"
printf '%s\r\n# c\r\n\r\n%s' "$G" "$G" > "$tmp/crlf.txt"
expect 0 -- "$SLUICE" sigverify --scheme bip340 "$tmp/crlf.txt"
has "$out" "2 items: 2 valid" "CRLF / no final newline"
head -c 5000 /dev/urandom > "$tmp/binary.bin"
expect 2 -- "$SLUICE" sigverify --scheme ed25519 "$tmp/binary.bin"

# ---- bad usage: exit 2 with a message, never a crash
expect 2 -- "$SLUICE" sigverify "$tmp/bip340_valid.txt"
has "$err" "--scheme is required" "missing scheme"
expect 2 -- "$SLUICE" sigverify --scheme rsa "$tmp/bip340_valid.txt"
has "$err" "unknown --scheme 'rsa'" "unknown scheme"
expect 2 -- "$SLUICE" sigverify --scheme bip340
expect 2 -- "$SLUICE" sigverify --scheme bip340 "$tmp/bip340_valid.txt" "$tmp/ed_valid.txt"
expect 2 -- "$SLUICE" sigverify --scheme bip340 "$tmp/does-not-exist.txt"
has "$err" "cannot open" "missing file"
printf '# nothing\n\n' > "$tmp/empty.txt"
expect 2 -- "$SLUICE" sigverify --scheme bip340 "$tmp/empty.txt"
has "$err" "no items" "empty file"
expect 2 -- "$SLUICE" sigverify --scheme bip340 --threads many "$tmp/bip340_valid.txt"
expect 2 -- "$SLUICE" sigverify --scheme bip340 --threads 1025 "$tmp/bip340_valid.txt"
expect 2 -- "$SLUICE" sigverify --scheme bip340 --backend tpu "$tmp/bip340_valid.txt"
expect 2 -- "$SLUICE" sigverify --scheme bip340 --bogus "$tmp/bip340_valid.txt"
expect 2 -- "$SLUICE" --json sigverify --scheme bip340 --bogus "$tmp/bip340_valid.txt"
json "$out" "usage error json"
expect 0 -- "$SLUICE" sigverify --help
has "$out" "Exit status" "help"

# ---- an accelerator (when this machine has an OpenCL device, e.g. PoCL): the same verdicts
# line by line as the CPU on a file large enough to be offloaded (repeated vectors, bad ones included)
for i in $(seq 20); do cat "$tmp/bip340_all.txt"; done > "$tmp/bip340_big.txt"
expect 1 -- "$SLUICE" sigverify --scheme bip340 "$tmp/bip340_big.txt"
cpu_out=$(printf '%s\n' "$out" | grep invalid:)
[ "$(printf '%s\n' "$cpu_out" | wc -l)" -eq 200 ] && ok || bad "200 failures expected on the CPU"
out=$("$SLUICE" sigverify --scheme bip340 --backend opencl "$tmp/bip340_big.txt" 2>"$tmp/err"); rc=$?
if [ $rc -eq 2 ] && grep -q "opencl backend:" "$tmp/err"; then
  echo "note: no OpenCL signature device here ($(head -c 200 "$tmp/err")); accelerator check skipped"
else
  [ $rc -eq 1 ] && ok || bad "opencl exit $rc: $(head -c 300 "$tmp/err")"
  [ "$(printf '%s\n' "$out" | grep invalid:)" = "$cpu_out" ] && ok || bad "opencl verdicts differ from the CPU's"
  has "$out" "380 items: 180 valid, 200 invalid .*opencl opencl:0" "opencl summary"
fi

# ---- the demo's signature step: batches per scheme, one altered message caught
expect 0 -- "$SLUICE" demo --algo sig --sig-items 40
has "$out" "^  sm2 +40 signed by OpenSSL" "demo sm2 line"
has "$out" "item #60: signature mismatch; the other items valid" "demo tampered item"
expect 0 -- "$SLUICE" --json demo --algo sig --sig-items 40 --threads 1
if printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
sig = [r for r in rows if r["event"] == "signatures"]
assert [r["scheme"] for r in sig] == ["sm2", "bip340", "ed25519"]
assert all(r["items"] == 40 and r["valid"] == 40 and r["verified"] and r["rate"] > 0 for r in sig)
t = [r for r in rows if r["event"] == "tampered"][0]
assert t["items"] == 120 and t["index"] == 60 and t["scheme"] == "bip340" and t["caught"] and t["others_valid"]
assert t["reason"] == "signature mismatch"
assert rows[-1]["event"] == "summary" and rows[-1]["signatures"] == 120 and rows[-1]["verified"]
'; then ok; else bad "demo json: $out"; fi
expect 2 -- "$SLUICE" demo --algo sig --sig-items 0

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
