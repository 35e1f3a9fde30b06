#!/usr/bin/env bash
# Protocol tests of the test pool itself (tests/pool/sluice-testpool), with a
# scripted client and no miner: the pool's verdict on every share is compared
# with one computed independently by the sluice CLI (hash bytom-header, hash
# tensority, hash ethash), plus job formats, duplicates, stale shares after a
# switch, --drop-after, every --hostile mode and the report, for all four
# dialects. The other mine_*.sh tests rely on this pool being right.
# usage: bash mine_testpool.sh /path/to/sluice   (SLUICE_TESTPOOL overrides the pool binary)
set -u
SLUICE=${1:?usage: mine_testpool.sh /path/to/sluice}
TESTPOOL=${SLUICE_TESTPOOL:-$(dirname "$SLUICE")/../tests/pool/sluice-testpool}
if [ ! -x "$TESTPOOL" ]; then
  echo "FAIL: sluice-testpool not found at $TESTPOOL (build the target sluice-testpool or set SLUICE_TESTPOOL)" >&2
  echo "0 passed, 1 failed"; exit 1
fi
exec python3 "$(dirname "$0")/../pool/check_testpool.py" "$TESTPOOL" "$SLUICE"
