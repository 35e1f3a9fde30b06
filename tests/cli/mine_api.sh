#!/usr/bin/env bash
# End-to-end: the miner's HTTP API (--api-port, GET /1/summary and /, 404
# elsewhere) while it mines on sluice-testpool, and SIGTERM: a clean exit 0
# with a summary (JSON event with --json, a "summary:" line without) whose
# counts agree with the pool's.
# usage: bash mine_api.sh /path/to/sluice   (SLUICE_TESTPOOL overrides the pool binary)
. "$(dirname "$0")/../pool/mine_lib.sh" "$@"

D=300; DUR=60; LIMIT=85

# http_get PORT PATH: prints "STATUS BODY" (STATUS 0 when nothing answered).
http_get() {
  python3 - "$1" "$2" <<'PY'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=5) as r:
        print(r.status, r.read().decode(errors="replace").replace("\n", " "))
except urllib.error.HTTPError as e:
    print(e.code, "")
except Exception as e:
    print(0, repr(e))
PY
}
# api_field JSON KEY: a field of the API's JSON ("missing" when absent or not JSON).
api_field() { python3 -c 'import json,sys
try: print(json.loads(sys.argv[1]).get(sys.argv[2], "missing"))
except Exception: print("missing")' "$1" "$2"; }

# 1. --json, API on a free port; SIGTERM once the pool accepted 2 shares.
api=$(free_port)
start_pool p1 --dialect ethstratum --difficulty "$D"
start_miner m1 "$LIMIT" --algo ethash --ethash-light --threads 2 --pool "stratum2+tcp://127.0.0.1:$PORT" \
  --user wallet.api --api-port "$api" --duration "$DUR" --status-interval 1
check "pool accepted 2 shares within $DUR s" wait_report p1 accepted 2 "$DUR"
body=""
for _ in $(seq 1 50); do           # the API reflects the pool's answers shortly after
  resp=$(http_get "$api" /1/summary); body=${resp#* }
  [ "${resp%% *}" = 200 ] && ge "$(api_field "$body" accepted)" 1 && break
  sleep 0.2
done
check "GET /1/summary -> 200: $resp" [ "${resp%% *}" = 200 ]
for k in accepted rejected stale hw_errors hashrate uptime algo pool connected version devices; do
  check "/1/summary has '$k': $body" [ "$(api_field "$body" "$k")" != missing ]
done
check "/1/summary accepted >= 1: $body" ge "$(api_field "$body" accepted)" 1
check "/1/summary algo is ethash" [ "$(api_field "$body" algo)" = ethash ]
conn=$(api_field "$body" connected)
check "/1/summary connected is true ($conn)" [ "$conn" = True -o "$conn" = 1 ]
resp=$(http_get "$api" /)
check "GET / -> 200 with accepted: $resp" [ "${resp%% *}" = 200 ]
check "GET / is JSON with the counts" [ "$(api_field "${resp#* }" accepted)" != missing ]
resp=$(http_get "$api" /nope)
check "GET /nope -> 404: $resp" [ "${resp%% *}" = 404 ]
# --status-interval 1: a status event within a few seconds
for _ in $(seq 1 $((DUR * 5))); do grep -q '"event": *"status"' "$T/m1.out" && break; sleep 0.2; done
kill -TERM "$MINER_PID"
wait_miner m1
stop_pool p1
cp "$T/p1.report" "$T/m1.report"
facts m1 N_SUMMARY='e["event"] == "summary"' \
  N_STATUS='e["event"] == "status" and all(k in e for k in ("accepted", "rejected", "stale", "hashrate", "uptime"))'
check "SIGTERM: miner exit status $MINER_RC (want 0): $(tail -c 400 "$T/m1.err")" [ "$MINER_RC" -eq 0 ]
check "SIGTERM: no sanitizer report" no_sanitizer_report m1
check "SIGTERM: every stdout line is a JSON event: $EVENTS_BAD" [ "$EVENTS_OK" = 1 ]
check "SIGTERM: one summary event ($N_SUMMARY)" eq "$N_SUMMARY" 1
check "status events (--status-interval 1) carry the counts ($N_STATUS)" ge "$N_STATUS" 1
check "SIGTERM: pool accepted $R_accepted == miner accepted $S_accepted" eq "$R_accepted" "$S_accepted"
check "SIGTERM: miner rejected $S_rejected == pool rejected $R_rejected" eq "$S_rejected" "$R_rejected"
check "SIGTERM: the API's count is not above the final one" le "$(api_field "$body" accepted)" "$S_accepted"
resp=$(http_get "$api" /1/summary)
check "after exit the API port is closed: $resp" [ "${resp%% *}" = 0 ]

# 2. human output: SIGTERM -> exit 0 with a "summary:" line.
start_pool p2 --dialect bytom --difficulty 1
MINER_JSON='' start_miner m2 "$LIMIT" --algo tensority --threads 2 --pool "stratum+tcp://127.0.0.1:$PORT" \
  --user wallet.api --duration "$DUR"
check "bytom pool accepted a share within $DUR s" wait_report p2 accepted 1 "$DUR"
kill -TERM "$MINER_PID"
wait_miner m2
stop_pool p2
check "text mode SIGTERM: miner exit status $MINER_RC (want 0): $(tail -c 400 "$T/m2.err")" [ "$MINER_RC" -eq 0 ]
check "text mode SIGTERM: no sanitizer report" no_sanitizer_report m2
line=$(cat "$T/m2.out" "$T/m2.err" | grep -m1 'summary:')
check "text mode SIGTERM: a summary line ($line)" [ -n "$line" ]
acc=$(echo "$line" | sed -n 's/.*shares \([0-9]*\) accepted.*/\1/p')
check "text mode: summary accepted '$acc' == pool accepted $(report p2 accepted)" eq "${acc:-missing}" "$(report p2 accepted)"
check "--api-port 70000 -> exit 2" [ "$("$SLUICE" mine --algo tensority --pool stratum+tcp://127.0.0.1:1 \
  --user w --api-port 70000 >/dev/null 2>&1; echo $?)" = 2 ]
finish
