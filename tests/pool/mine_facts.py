#!/usr/bin/env python3
"""Facts about one end-to-end miner run, as shell assignments (for eval in
tests/pool/mine_lib.sh `facts`): one python start per run instead of one per
check.

usage: mine_facts.py REPORT.json MINER.out [VAR=PYEXPR ...]
  R_<key>     fields of the pool's report ("missing" when absent)
  S_<key>     fields of the miner's last {"event":"summary"} ("missing" when absent)
  EVENTS_OK   1 when every stdout line is a JSON object with an "event"
  EVENTS_BAD  the first line that is not (or "no events")
  FIRST_JOB   the job_id of the first job event
  N_LOST      share events rejected because the connection dropped before the
              pool answered (the pool never judged them, so it does not count
              them: a share in flight when the pool drops us)
  VAR         the number of events e for which PYEXPR is true (first_job is bound too)
"""
import json
import shlex
import sys

rep_file, out_file, exprs = sys.argv[1], sys.argv[2], sys.argv[3:]
out = {}
try:
    with open(rep_file) as f:
        rep = json.load(f)
except (OSError, ValueError):
    rep = {}
for k in ("accepted", "rejected", "stale", "connections", "jobs", "logins", "hostile_lines", "duplicates"):
    out["R_" + k] = rep.get(k, "missing")
events, bad = [], None
try:
    with open(out_file, errors="replace") as f:
        lines = f.read().splitlines()
except OSError:
    lines = []
for n, line in enumerate(lines, 1):
    try:
        e = json.loads(line)
        if not isinstance(e, dict) or not isinstance(e.get("event"), str):
            raise ValueError("not an event")
        events.append(e)
    except ValueError:
        bad = bad or "line %d: %.200s" % (n, line)
out["EVENTS_OK"] = 1 if bad is None and events else 0
out["EVENTS_BAD"] = bad or ("" if events else "no events")
summaries = [e for e in events if e["event"] == "summary"]
for k in ("accepted", "rejected", "stale", "hw_errors", "hashes", "reconnects", "failovers"):
    out["S_" + k] = summaries[-1].get(k, "missing") if summaries else "missing"
jobs = [e.get("job_id") for e in events if e["event"] == "job"]
out["FIRST_JOB"] = jobs[0] if jobs else ""
LOST_REASON = "connection lost before the pool answered"   # POOL_REASON_CONNECTION_LOST
out["N_LOST"] = sum(1 for e in events if e["event"] == "share" and e.get("status") == "rejected"
                    and e.get("reason") == LOST_REASON)
for item in exprs:
    var, expr = item.split("=", 1)
    count = 0
    for e in events:
        try:
            # names as globals, so generator expressions in expr see them too
            count += 1 if eval(expr, {"e": e, "first_job": out["FIRST_JOB"]}) else 0
        except Exception:  # a missing field: the event does not count
            pass
    out[var] = count
for k, v in out.items():
    print("%s=%s" % (k, shlex.quote(str(v))))
