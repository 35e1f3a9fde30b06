#!/usr/bin/env bash
# End-to-end: `sluice mine --algo ethash --ethash-light` against sluice-testpool
# in each Ethash dialect (ethproxy = stratum1+tcp, ethstratum = stratum2+tcp,
# plain stratum = stratum+tcp). The pool verifies every share with the
# engine's Ethash light hash at epoch 0, including the submitted mix and, for
# EthereumStratum, the nonce rebuilt from its extranonce (a2ee, then a2ef on
# the next connection). Two runs per dialect:
#  switch: the pool sends a new job every 2 accepted shares: counts agree,
#          nothing rejected, shares for the new jobs, at most a few stale;
#  drop:   the pool drops the connection after 2 accepted shares: the miner
#          reconnects and its later shares (also those found while it was
#          disconnected: the job did not change) are accepted.
# usage: bash mine_ethash.sh /path/to/sluice   (SLUICE_TESTPOOL overrides the pool binary)
. "$(dirname "$0")/../pool/mine_lib.sh" "$@"

# Light-mode CPU mining does several hundred hashes a second on 2 threads; D
# is the expected number of hashes per share.
D=300
DUR=50; LIMIT=75

# common_checks NAME: exit status, events, accepted/rejected agreement.
common_checks() {
  local n=$1
  check "$n: miner exit status $MINER_RC (want 0): $(tail -c 400 "$T/$n.err")" [ "$MINER_RC" -eq 0 ]
  check "$n: no sanitizer report" no_sanitizer_report "$n"
  check "$n: every stdout line is a JSON event: $EVENTS_BAD" [ "$EVENTS_OK" = 1 ]
  check "$n: pool accepted $R_accepted == miner accepted $S_accepted" eq "$R_accepted" "$S_accepted"
  check "$n: 4 shares accepted before --duration $DUR s ran out (got $S_accepted)" ge "$S_accepted" 4
  check "$n: pool rejected $R_rejected == 0" eq "$R_rejected" 0
  check "$n: miner rejected $S_rejected == pool rejected $R_rejected + lost in flight $N_LOST" \
    eq "$S_rejected" $((R_rejected + N_LOST))
  check "$n: miner hw_errors $S_hw_errors == 0" eq "$S_hw_errors" 0
  check "$n: accepted share events $N_ACC == summary accepted $S_accepted" eq "$N_ACC" "$S_accepted"
  check "$n: miner stale $S_stale >= pool stale $R_stale" ge "$S_stale" "$R_stale"
  check "$n: accepted nonces carry the extranonce a2ee / a2ef ($N_NO_EN do not)" eq "$N_NO_EN" 0
}

for dialect in ethproxy ethstratum stratum; do
  case $dialect in
    ethproxy) scheme=stratum1+tcp;;
    ethstratum) scheme=stratum2+tcp;;
    stratum) scheme=stratum+tcp;;
  esac
  en='True'
  [ "$dialect" = ethstratum ] && en='e["nonce"].lower().startswith(("0xa2ee", "0xa2ef"))'
  for run in switch drop; do
    n=$dialect-$run
    if [ "$run" = switch ]; then policy=(--switch-after 2 --stale-old-jobs); else policy=(--drop-after 2); fi
    start_pool "$n" --dialect "$dialect" --difficulty "$D" "${policy[@]}"
    run_miner "$n" "$LIMIT" --algo ethash --ethash-light --threads 2 --pool "$scheme://127.0.0.1:$PORT" \
      --user wallet.e2e --max-shares 4 --duration "$DUR"
    stop_pool "$n"
    facts "$n" N_ACC='e["event"] == "share" and e["status"] == "accepted"' \
      N_ACC_LATER='e["event"] == "share" and e["status"] == "accepted" and e["job_id"] != first_job' \
      N_JOBS='e["event"] == "job"' N_CONNECTED='e["event"] == "connected"' \
      N_NO_EN="e['event'] == 'share' and e['status'] == 'accepted' and not ($en)"
    common_checks "$n"
    if [ "$run" = switch ]; then
      check "$n: job switches: pool jobs $R_jobs >= 2" ge "$R_jobs" 2
      check "$n: the miner saw them ($N_JOBS job events)" ge "$N_JOBS" 2
      check "$n: accepted shares for a later job than the first ($N_ACC_LATER)" ge "$N_ACC_LATER" 1
      check "$n: pool stale $R_stale is at most 3 (shares in flight at a switch)" le "$R_stale" 3
      check "$n: one connection ($R_connections)" eq "$R_connections" 1
      check "$n: no share lost in flight: the connection never dropped ($N_LOST)" eq "$N_LOST" 0
    else
      check "$n: reconnect: pool connections $R_connections == 2" eq "$R_connections" 2
      check "$n: reconnect: pool logins $R_logins == 2" eq "$R_logins" 2
      check "$n: reconnect: miner connected events $N_CONNECTED == 2" eq "$N_CONNECTED" 2
      check "$n: reconnects in the summary: $S_reconnects == 1" eq "$S_reconnects" 1
      check "$n: shares accepted after the reconnect (pool accepted $R_accepted > 2)" ge "$R_accepted" 3
      check "$n: no stale share: the job never changed ($R_stale)" eq "$R_stale" 0
      check "$n: at most 2 shares in flight lost at the drop ($N_LOST)" le "$N_LOST" 2
    fi
  done
done
finish
