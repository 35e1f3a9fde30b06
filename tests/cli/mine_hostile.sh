#!/usr/bin/env bash
# End-to-end: `sluice mine` against a hostile sluice-testpool (--hostile MODE):
#   malformed       invalid JSON and wrong types before the first job
#   unknown-method  notifications/requests nobody knows
#   absurd-target   zero target / boundary 0 / targets above 2^256, then a good job
#   huge-line       1 MiB without newline on the first connection
#   close-early     the first connection closed right after the login
# Every mode ends with a good job (for the last two: on the next connection),
# so the miner must log the trouble (a warn/error log event), not crash, keep
# mining (shares accepted, none for the bogus jobs) and exit 0.
# usage: bash mine_hostile.sh /path/to/sluice   (SLUICE_TESTPOOL overrides the pool binary)
. "$(dirname "$0")/../pool/mine_lib.sh" "$@"

DUR=40; LIMIT=60
K=2; [ "$SLOW" -eq 1 ] && K=1     # shares to mine after the hostile part (sanitizer builds: 1)
# malformed and absurd-target send dialect-specific lines: every dialect; the
# others are the same on the wire for all dialects: bytom plus one Ethash
# dialect (sanitizer builds, 5-10x slower: bytom only).
RUNS="bytom:malformed bytom:unknown-method bytom:absurd-target bytom:huge-line bytom:close-early
      ethproxy:malformed ethproxy:absurd-target ethstratum:malformed ethstratum:absurd-target
      stratum:malformed stratum:absurd-target"
[ "$SLOW" -eq 1 ] || RUNS="$RUNS ethproxy:huge-line ethstratum:unknown-method stratum:close-early"

for run in $RUNS; do
  dialect=${run%%:*}; mode=${run#*:}; n="$dialect-$mode"
  case $dialect in
    bytom) algo=(--algo tensority --threads 2); url=stratum+tcp; D=1;;   # D=1: nearly every hash is a share
    ethproxy) algo=(--algo ethash --ethash-light --threads 2); url=stratum1+tcp; D=300;;
    ethstratum) algo=(--algo ethash --ethash-light --threads 2); url=stratum2+tcp; D=300;;
    stratum) algo=(--algo ethash --ethash-light --threads 2); url=stratum+tcp; D=300;;
  esac
  start_pool "$n" --dialect "$dialect" --hostile "$mode" --difficulty "$D"
  run_miner "$n" "$LIMIT" "${algo[@]}" --pool "$url://127.0.0.1:$PORT" --user wallet.h \
    --max-shares "$K" --duration "$DUR"
  stop_pool "$n"
  facts "$n" N_WARN='e["event"] == "log" and e["level"] in ("warn", "error")'
  check "$n: miner exit status $MINER_RC (want 0): $(tail -c 300 "$T/$n.err")" [ "$MINER_RC" -eq 0 ]
  check "$n: no sanitizer report" no_sanitizer_report "$n"
  check "$n: every stdout line is a JSON event: $EVENTS_BAD" [ "$EVENTS_OK" = 1 ]
  check "$n: the pool sent its hostile lines ($R_hostile_lines)" ge "$R_hostile_lines" 1
  check "$n: a warn/error log event ($N_WARN)" ge "$N_WARN" 1
  check "$n: kept mining: $K shares accepted before --duration $DUR s ran out (got $S_accepted)" ge "$S_accepted" "$K"
  check "$n: pool accepted $R_accepted == miner accepted $S_accepted" eq "$R_accepted" "$S_accepted"
  check "$n: pool rejected $R_rejected == 0" eq "$R_rejected" 0
  check "$n: no shares for the bogus jobs (pool stale $R_stale)" eq "$R_stale" 0
  case $mode in
    huge-line|close-early) check "$n: reconnected (pool connections $R_connections)" ge "$R_connections" 2;;
  esac
done
finish
