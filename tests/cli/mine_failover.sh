#!/usr/bin/env bash
# End-to-end fail-over of `sluice mine` between --pool URLs (sluice-testpool):
#  1. the first pool is a closed port: the miner gives up on it after its
#     retries and mines on the second pool, whose shares are accepted;
#  2. the first pool works, then goes away for good: the miner fails over to
#     the second pool and goes on; the two pools together accepted what the
#     miner counts.
# usage: bash mine_failover.sh /path/to/sluice   (SLUICE_TESTPOOL overrides the pool binary)
. "$(dirname "$0")/../pool/mine_lib.sh" "$@"

D=300          # Ethash light mode: several hundred hashes a second, D hashes per share
DUR=60; LIMIT=85

# 1. closed port first
dead=$(free_port)
start_pool b1 --dialect ethstratum --difficulty "$D"
run_miner f1 "$LIMIT" --algo ethash --ethash-light --threads 2 --pool "stratum2+tcp://127.0.0.1:$dead" \
  --pool "stratum2+tcp://127.0.0.1:$PORT" --user wallet.fo --max-shares 2 --duration "$DUR"
stop_pool b1
cp "$T/b1.report" "$T/f1.report"
facts f1 N_GOOD="e['event'] == 'connected' and e['pool'].endswith(':$PORT')" \
  N_DEAD="e['event'] == 'connected' and e['pool'].endswith(':$dead')"
check "closed first pool: miner exit status $MINER_RC (want 0): $(tail -c 400 "$T/f1.err")" [ "$MINER_RC" -eq 0 ]
check "closed first pool: no sanitizer report" no_sanitizer_report f1
check "closed first pool: every stdout line is a JSON event: $EVENTS_BAD" [ "$EVENTS_OK" = 1 ]
check "closed first pool: pool accepted $R_accepted == miner accepted $S_accepted" eq "$R_accepted" "$S_accepted"
check "closed first pool: 2 shares accepted on the second pool (got $R_accepted)" ge "$R_accepted" 2
check "closed first pool: nothing rejected (pool $R_rejected, miner $S_rejected)" eq $((R_rejected + S_rejected)) 0
check "closed first pool: failovers $S_failovers >= 1" ge "$S_failovers" 1
check "closed first pool: connected to the second URL ($N_GOOD)" ge "$N_GOOD" 1
check "closed first pool: never 'connected' to the closed port ($N_DEAD)" eq "$N_DEAD" 0

# 2. the first pool dies after 2 accepted shares; the miner is stopped
#    (SIGTERM) once the second pool accepted 2
start_pool a2 --dialect stratum --difficulty "$D"; port_a=$PORT
start_pool b2 --dialect stratum --difficulty "$D"; port_b=$PORT
start_miner f2 "$LIMIT" --algo ethash --ethash-light --threads 2 --pool "stratum+tcp://127.0.0.1:$port_a" \
  --pool "stratum+tcp://127.0.0.1:$port_b" --user wallet.fo --duration "$DUR"
check "first pool: 2 accepted shares within $DUR s" wait_report a2 accepted 2 "$DUR"
stop_pool a2          # gone for good: its port now refuses connections
check "second pool: 2 accepted shares within $DUR s" wait_report b2 accepted 2 "$DUR"
kill -TERM "$MINER_PID"
wait_miner f2
stop_pool b2
a_acc=$(report a2 accepted); a_rej=$(report a2 rejected)
cp "$T/b2.report" "$T/f2.report"
facts f2
check "dying first pool: miner exit status $MINER_RC (want 0): $(tail -c 400 "$T/f2.err")" [ "$MINER_RC" -eq 0 ]
check "dying first pool: no sanitizer report" no_sanitizer_report f2
check "dying first pool: every stdout line is a JSON event: $EVENTS_BAD" [ "$EVENTS_OK" = 1 ]
check "dying first pool: accepted $a_acc + $R_accepted == miner accepted $S_accepted" \
  eq $((a_acc + R_accepted)) "$S_accepted"
check "dying first pool: shares accepted on the second pool (got $R_accepted)" ge "$R_accepted" 1
check "dying first pool: failovers $S_failovers >= 1" ge "$S_failovers" 1
check "dying first pool: pools rejected nothing ($a_rej + $R_rejected)" eq $((a_rej + R_rejected)) 0
check "dying first pool: miner rejected $S_rejected == lost in flight as the pool died $N_LOST (<= 2)" \
  eq "$S_rejected" "$N_LOST"
check "dying first pool: at most 2 shares lost in flight ($N_LOST)" le "$N_LOST" 2
# Shares found for the first pool's job while it was unreachable are queued and
# sent to the second pool, which answers "job not found" (stale on both sides,
# as the contract allows): reported, not failed.
echo "note: the second pool counted $R_stale stale shares (first pool's job); miner stale $S_stale"
finish
