#!/usr/bin/env bash
# End-to-end: `sluice mine --algo tensority` against sluice-testpool (bytom
# dialect, tests/pool), which verifies every share with the engine's Tensority.
# Checks: shares accepted and counted alike by miner and pool, none rejected,
# job switches followed by shares for the new jobs (one run), a dropped
# connection followed by a reconnect and more accepted shares (another run),
# JSON events that parse; and, when an OpenCL device exists, a short run on it.
# usage: bash mine_tensority.sh /path/to/sluice   (SLUICE_TESTPOOL overrides the pool binary)
. "$(dirname "$0")/../pool/mine_lib.sh" "$@"

# Tensority runs ~50 H/s per core (about 10x less under ASan); a difficulty of
# D means one share every D hashes on average.
if [ "$SLOW" -eq 1 ]; then D=2; else D=8; fi
DUR=50; LIMIT=75

# 1. CPU, two runs:
#  switch: a new job every 2 accepted shares: counts agree, nothing rejected,
#          shares for the new jobs, at most a few stale;
#  drop:   the connection dropped after 2 accepted shares: the miner
#          reconnects and its later shares are accepted.
for run in switch drop; do
  n=cpu-$run
  if [ "$run" = switch ]; then policy=(--switch-after 2 --stale-old-jobs); else policy=(--drop-after 2); fi
  start_pool "$n" --dialect bytom --difficulty "$D" "${policy[@]}"
  run_miner "$n" "$LIMIT" --algo tensority --pool "stratum+tcp://127.0.0.1:$PORT" --user wallet.e2e \
    --backend cpu --threads 2 --max-shares 4 --duration "$DUR"
  stop_pool "$n"
  facts "$n" N_ACC='e["event"] == "share" and e["status"] == "accepted"' \
    N_ACC_LATER='e["event"] == "share" and e["status"] == "accepted" and e["job_id"] != first_job' \
    N_JOB2='e["event"] == "job" and e["job_id"] == "job-2"' \
    N_CONNECTED='e["event"] == "connected"'
  check "$n: miner exit status $MINER_RC (want 0): $(tail -c 400 "$T/$n.err")" [ "$MINER_RC" -eq 0 ]
  check "$n: no sanitizer report" no_sanitizer_report "$n"
  check "$n: every stdout line is a JSON event: $EVENTS_BAD" [ "$EVENTS_OK" = 1 ]
  check "$n: pool accepted $R_accepted == miner accepted $S_accepted" eq "$R_accepted" "$S_accepted"
  check "$n: 4 shares accepted before --duration $DUR s ran out (got $S_accepted)" ge "$S_accepted" 4
  check "$n: pool rejected $R_rejected == 0" eq "$R_rejected" 0
  check "$n: miner rejected $S_rejected == lost in flight at a drop $N_LOST" eq "$S_rejected" "$N_LOST"
  check "$n: at most 2 shares in flight lost ($N_LOST, none without a drop)" \
    le "$N_LOST" $([ "$run" = drop ] && echo 2 || echo 0)
  check "$n: miner hw_errors $S_hw_errors == 0" eq "$S_hw_errors" 0
  check "$n: accepted share events $N_ACC == summary accepted $S_accepted" eq "$N_ACC" "$S_accepted"
  check "$n: miner stale $S_stale >= pool stale $R_stale" ge "$S_stale" "$R_stale"
  check "$n: first job is job-1 (got '$FIRST_JOB')" [ "$FIRST_JOB" = job-1 ]
  if [ "$run" = switch ]; then
    check "$n: job switches: pool jobs $R_jobs >= 2" ge "$R_jobs" 2
    check "$n: miner got job-2 ($N_JOB2)" ge "$N_JOB2" 1
    check "$n: accepted shares for a later job than job-1 ($N_ACC_LATER)" ge "$N_ACC_LATER" 1
    check "$n: pool stale $R_stale is at most 2 (shares in flight at a switch)" le "$R_stale" 2
    check "$n: one connection ($R_connections)" eq "$R_connections" 1
  else
    check "$n: reconnect: pool connections $R_connections == 2" eq "$R_connections" 2
    check "$n: reconnect: pool logins $R_logins == 2" eq "$R_logins" 2
    check "$n: reconnect: miner connected events $N_CONNECTED == 2" eq "$N_CONNECTED" 2
    check "$n: reconnects in the summary: $S_reconnects == 1" eq "$S_reconnects" 1
    check "$n: shares accepted after the reconnect (pool accepted $R_accepted > 2)" ge "$R_accepted" 3
    check "$n: no stale share: the job never changed ($R_stale)" eq "$R_stale" 0
  fi
done

# 2. OpenCL (PoCL on CPUs, a few H/s): difficulty 1 (t = 0xffffffff: nearly
#    every hash is a share), 2 shares.
if "$SLUICE" devices --json 2>/dev/null | python3 -c \
   'import json,sys; sys.exit(0 if json.load(sys.stdin)["opencl"].get("count", 0) > 0 else 1)' 2>/dev/null; then
  start_pool ocl --dialect bytom --difficulty 1
  run_miner ocl "$LIMIT" --algo tensority --pool "bytom+tcp://127.0.0.1:$PORT" --user wallet.ocl \
    --backend opencl --max-shares 2 --duration "$DUR"
  stop_pool ocl
  facts ocl N_OCL='e["event"] == "share" and e["status"] == "accepted" and e["device"].startswith("opencl")'
  check "opencl: miner exit status $MINER_RC (want 0): $(tail -c 400 "$T/ocl.err")" [ "$MINER_RC" -eq 0 ]
  check "opencl: no sanitizer report" no_sanitizer_report ocl
  check "opencl: pool accepted $R_accepted == miner accepted $S_accepted" eq "$R_accepted" "$S_accepted"
  check "opencl: at least 2 accepted ($R_accepted)" ge "$R_accepted" 2
  check "opencl: pool rejected $R_rejected == 0" eq "$R_rejected" 0
  check "opencl: hw_errors $S_hw_errors == 0" eq "$S_hw_errors" 0
  check "opencl: accepted shares found by an opencl device ($N_OCL)" ge "$N_OCL" 1
else
  echo "note: no OpenCL device: the opencl run is skipped"
fi
finish
