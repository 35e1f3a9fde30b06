#!/usr/bin/env python3
"""Protocol tests of sluice-testpool with a scripted client (no miner needed).

usage: check_testpool.py TESTPOOL SLUICE

Every verdict the pool gives on a share is compared with a verdict computed
independently with the sluice CLI (`sluice hash bytom-header`, `sluice hash
tensority`, `sluice hash ethash`): share ok iff LE256(tensority) <= t * 2^224
(bytom) / final <= boundary with the submitted mix equal to the computed one
(ethash). Also checked: the wire format of jobs, duplicates, stale shares after
a job switch, --drop-after, every --hostile mode and the report. Prints
"N passed, M failed"; exit status 1 on any failure.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

TESTPOOL, SLUICE = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="testpool_check.")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what, file=sys.stderr)
    return cond


class Pool:
    """A sluice-testpool process with its port and report files."""
    count = 0
    running = []

    def __init__(self, *args):
        Pool.count += 1
        self.port_file = os.path.join(TMP, "port%d" % Pool.count)
        self.report_file = os.path.join(TMP, "report%d" % Pool.count)
        self.log = open(os.path.join(TMP, "pool%d.log" % Pool.count), "w+")
        self.proc = subprocess.Popen([TESTPOOL, "--port-file", self.port_file, "--report", self.report_file,
                                      "--max-seconds", "120"] + list(args), stderr=self.log)
        Pool.running.append(self)
        deadline = time.time() + 60
        while not os.path.exists(self.port_file):
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("sluice-testpool did not start: %s" % " ".join(args))
            time.sleep(0.05)
        self.port = int(open(self.port_file).read())

    def stop(self):
        """SIGTERM -> exit 0 and the final report."""
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=30)
        Pool.running.remove(self)
        check(rc == 0, "pool exit status %d" % rc)
        with open(self.report_file) as f:
            return json.load(f)

    def log_text(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


class Client:
    """A newline-delimited JSON-RPC connection that keeps unsolicited messages."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""
        self.pushed = []
        self.next_id = 100

    def send(self, obj):
        self.sock.sendall((json.dumps(obj) + "\n").encode())

    def line(self, timeout=30):
        self.sock.settimeout(timeout)
        while b"\n" not in self.buf:
            data = self.sock.recv(1 << 20)
            if not data:
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def message(self, timeout=30):
        line = self.line(timeout)
        return None if line is None else json.loads(line)

    def call(self, method, params, **extra):
        self.next_id += 1
        rid = self.next_id
        msg = {"id": rid, "method": method, "params": params}
        msg.update(extra)
        self.send(msg)
        while True:
            m = self.message()
            if m is None:
                raise RuntimeError("connection closed waiting for the answer to " + method)
            if m.get("id") == rid and "method" not in m:
                return m
            self.pushed.append(m)

    def wait_push(self, pred, timeout=30):
        for i, m in enumerate(self.pushed):
            if pred(m):
                return self.pushed.pop(i)
        end = time.time() + timeout
        while time.time() < end:
            m = self.message(timeout=max(0.1, end - time.time()))
            if m is None:
                return None
            if pred(m):
                return m
            self.pushed.append(m)
        return None

    def closed(self, timeout=10):
        """True when the pool closes the connection (after any pending lines)."""
        end = time.time() + timeout
        try:
            while time.time() < end:
                if self.line(timeout=max(0.1, end - time.time())) is None:
                    return True
        except (socket.timeout, ConnectionResetError):
            return False
        return False

    def close(self):
        self.sock.close()


def sluice(*args):
    r = subprocess.run([SLUICE] + list(args), capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError("sluice %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


def le64(hexstr):
    return int.from_bytes(bytes.fromhex(hexstr), "little")


def error_message(answer):
    err = answer.get("error")
    return err.get("message") if isinstance(err, dict) else None


# ---------------------------------------------------------------- bytom --
def bytom_expected(job, nonce):
    """(ok, result) from the CLI: header hash with the nonce, then Tensority."""
    block = sluice("hash", "bytom-header", "--version", str(le64(job["version"])), "--height",
                   str(le64(job["height"])), "--prev", job["previous_block_hash"], "--timestamp",
                   str(le64(job["timestamp"])), "--tx-root", job["transactions_merkle_root"], "--status-hash",
                   job["transaction_status_hash"], "--bits", str(le64(job["bits"])), "--nonce", str(nonce)).strip()
    result = sluice("hash", "tensority", "--header-hash", block, "--seed", job["seed"]).strip()
    t = int.from_bytes(bytes.fromhex(job["target"]), "little")
    return int.from_bytes(bytes.fromhex(result), "little") <= t << 224


def check_bytom():
    # D = 2: t = 2^31, about half of all nonces are shares
    pool = Pool("--dialect", "bytom", "--difficulty", "2", "--switch-after", "2", "--stale-old-jobs")
    c = Client(pool.port)
    r = c.call("login", {"login": "wallet.w1", "pass": "x", "agent": "check/1"})
    res = r.get("result") or {}
    job = res.get("job") or {}
    check(res.get("status") == "OK" and isinstance(res.get("id"), str) and r.get("error") is None, "bytom login")
    for k in ("version", "height", "timestamp", "bits", "nonce"):
        check(len(job.get(k, "")) == 16, "bytom job field %s is 16 hex" % k)
    for k in ("previous_block_hash", "transactions_merkle_root", "transaction_status_hash", "seed"):
        check(len(job.get(k, "")) == 64, "bytom job field %s is 64 hex" % k)
    check(job.get("target") == "00000080", "bytom target of difficulty 2: %s" % job.get("target"))
    session, start = res["id"], le64(job["nonce"])
    check(start == 1 << 40, "bytom start nonce of connection 1")

    def submit(job_id, nonce, sess=None):
        return c.call("submit", {"id": sess or session, "job_id": job_id, "nonce": nonce})

    counts = {"accepted": 0, "rejected": 0, "stale": 0}
    nonce = start
    while counts["accepted"] < 2 and nonce < start + 40:   # the second accepted share switches the job
        ok = bytom_expected(job, nonce)
        a = submit(job["job_id"], "%016x" % nonce)
        got = a.get("result") == {"status": "OK"}
        check(got == ok, "bytom nonce %x: pool %s, CLI %s (%s)" % (nonce, got, ok, error_message(a)))
        if not ok:
            check(error_message(a) == "Low difficulty share", "bytom low difficulty message")
        counts["accepted" if got else "rejected"] += 1
        if nonce == start:
            d = submit(job["job_id"], "%x" % nonce)          # the same number, without leading zeros
            check(error_message(d) == "duplicate share", "bytom duplicate: %s" % d)
            counts["rejected"] += 1
        nonce += 1
    check(counts["accepted"] == 2, "bytom: 2 shares in 40 nonces at difficulty 2")
    push = c.wait_push(lambda m: m.get("method") == "job")
    check(push is not None and push["params"]["job_id"] != job["job_id"], "bytom job switch pushed")
    check(push is not None and le64(push["params"]["nonce"]) == start, "bytom pushed job keeps the session nonce")
    s = submit(job["job_id"], "%016x" % (start + 1000))
    check(error_message(s) == "Block expired", "bytom old job -> Block expired: %s" % s)
    s = submit("no-such-job", "%016x" % start)
    check(error_message(s) == "job not found", "bytom unknown job: %s" % s)
    counts["stale"] += 2
    for bad, why in ((submit(push["params"]["job_id"], "zz"), "invalid nonce"),
                     (submit(push["params"]["job_id"], "1" * 17), "invalid nonce"),
                     (submit(push["params"]["job_id"], "%016x" % start, sess="wrong"), "invalid session id")):
        check(error_message(bad) == why and bad.get("result") is None, "bytom %s: %s" % (why, bad))
        counts["rejected"] += 1
    # second connection gets another nonce prefix; getjob and keepalived
    c2 = Client(pool.port)
    r2 = c2.call("login", {"login": "wallet.w2", "pass": "x", "agent": "check/1"})
    check(le64(r2["result"]["job"]["nonce"]) == 2 << 40, "bytom start nonce of connection 2")
    check(c2.call("keepalived", {"id": r2["result"]["id"]}).get("result") == {"status": "KEEPALIVED"}, "keepalived")
    check(error_message(c2.call("mining.foo", {})) == "unknown method", "bytom unknown method answered")
    c2.close()
    c.close()
    rep = pool.stop()
    want = dict(counts, connections=2, jobs=2, logins=2)
    check(all(rep.get(k) == v for k, v in want.items()), "bytom report %s, want %s" % (rep, want))


# --------------------------------------------------------------- ethash --
ZERO = "0" * 64


def ethash_expected(header, nonce):
    out = sluice("hash", "ethash", "--block", "1000", "--header-hash", header, "--nonce", "%x" % nonce)
    f = dict(line.split() for line in out.strip().splitlines())
    return f["mix"], int(f["final"], 16)


def eth_login(dialect, port):
    """Connects and logs in; returns (client, first job as a dict)."""
    c = Client(port)
    if dialect == "ethproxy":
        a = c.call("eth_submitLogin", ["wallet.w1", "x"], worker="w1", jsonrpc="2.0")
        check(a.get("result") is True, "ethproxy login")
        w = c.call("eth_getWork", [])["result"]
        check(len(w) == 4 and w[1] == "0x" + ZERO and all(len(x) == 66 for x in w[:3]), "ethproxy work %s" % w)
        return c, {"id": w[0], "header": w[0][2:], "boundary": int(w[2], 16)}
    if dialect == "ethstratum":
        s = c.call("mining.subscribe", ["check/1", "EthereumStratum/1.0.0"])["result"]
        check(s[0][0] == "mining.notify" and s[0][2] == "EthereumStratum/1.0.0", "ethstratum subscribe %s" % s)
        c.extranonce = s[1]
    else:
        c.call("mining.subscribe", ["check/1"])
    check(c.call("mining.authorize", ["wallet.w1", "x"]).get("result") is True, "%s authorize" % dialect)
    return c, eth_next_job(dialect, c)


def eth_next_job(dialect, c):
    if dialect == "ethproxy":
        m = c.wait_push(lambda m: m.get("id") == 0 and isinstance(m.get("result"), list))
        if not check(m is not None, "ethproxy pushed work"):
            return None
        return {"id": m["result"][0], "header": m["result"][0][2:], "boundary": int(m["result"][2], 16)}
    diff = None
    if dialect == "ethstratum":
        d = c.wait_push(lambda m: m.get("method") == "mining.set_difficulty")
        check(d is not None and d["id"] is None, "ethstratum set_difficulty before notify")
        diff = d["params"][0]
    n = c.wait_push(lambda m: m.get("method") == "mining.notify")
    if not check(n is not None and n.get("id") is None, "%s notify" % dialect):
        return None
    p = n["params"]
    if dialect == "ethstratum":
        check(len(p) == 4 and p[1] == ZERO and len(p[2]) == 64 and p[3] is True, "ethstratum notify %s" % p)
        return {"id": p[0], "header": p[2], "boundary": int(0xffff * 2**208 / diff), "difficulty": diff}
    check(len(p) == 5 and p[2] == "0x" + ZERO and p[4] is True, "stratum notify %s" % p)
    return {"id": p[0], "header": p[1][2:], "boundary": int(p[3], 16)}


def eth_submit(dialect, c, job, nonce, mix):
    """Submits (nonce, mix) for job the way the dialect does; ethstratum
    sends the miner part (nonce without the extranonce)."""
    if dialect == "ethproxy":
        return c.call("eth_submitWork", ["0x%016x" % nonce, "0x" + job["header"], "0x" + mix], jsonrpc="2.0")
    if dialect == "ethstratum":
        en = len(c.extranonce) // 2
        return c.call("mining.submit", ["wallet.w1", job["id"], "%0*x" % (16 - 2 * en, nonce & ((1 << (64 - 8 * en)) - 1))])
    return c.call("mining.submit", ["wallet.w1", job["id"], "0x%016x" % nonce, "0x" + job["header"], "0x" + mix])


def check_ethash(dialect):
    counts = {"accepted": 0, "rejected": 0, "stale": 0}
    # Pool A: difficulty 1 (every correct share is good); a job switch after
    # the first accepted share (ethstratum: the second).
    pool = Pool("--dialect", dialect, "--difficulty", "1", "--stale-old-jobs",
                "--switch-after", "2" if dialect == "ethstratum" else "1")
    c, job = eth_login(dialect, pool.port)
    if dialect == "ethstratum":
        check(c.extranonce == "a2ee", "ethstratum extranonce a2ee: %s" % c.extranonce)
        nonce = (0xa2ee << 48) | 0x1234
        check(eth_submit(dialect, c, job, nonce, None).get("result") is True, "ethstratum share accepted")
        d = eth_submit(dialect, c, job, nonce, None)
        check(error_message(d) == "duplicate share", "ethstratum duplicate: %s" % d)
        b = c.call("mining.submit", ["wallet.w1", job["id"], "%016x" % nonce])
        check(error_message(b) is not None and b.get("result") is not True, "ethstratum full nonce refused: %s" % b)
        check(eth_submit(dialect, c, job, nonce + 1, None).get("result") is True, "ethstratum 2nd share accepted")
        counts.update(accepted=2, rejected=2)
        mix = None
    else:
        nonce = 0x1234
        mix = ethash_expected(job["header"], nonce)[0]
        a = eth_submit(dialect, c, job, nonce, mix)
        check(a.get("result") is True and a.get("error") is None,
              "%s share with the CLI's mix accepted: %s" % (dialect, a))
        counts["accepted"] += 1
    new = eth_next_job(dialect, c)
    check(new is not None and new["header"] != job["header"], "%s job switch" % dialect)
    s = eth_submit(dialect, c, job, nonce + 2, mix or ZERO)
    check(error_message(s) == "stale share", "%s old job -> stale: %s" % (dialect, s))
    s = eth_submit(dialect, c, dict(new, id="no-such-job", header="ef" * 32), nonce + 2, mix or ZERO)
    check(error_message(s) == "job not found", "%s unknown job: %s" % (dialect, s))
    counts["stale"] += 2
    if dialect != "ethstratum":
        for why in ("invalid mix", "duplicate share"):
            b = eth_submit(dialect, c, new, nonce, "ab" * 32)
            check(error_message(b) == why and b.get("result") is not True, "%s %s: %s" % (dialect, why, b))
            counts["rejected"] += 1
    if dialect == "ethproxy":
        h = c.call("eth_submitHashrate", ["0x1000", "0x" + "12" * 32], jsonrpc="2.0")
        check(h.get("result") is True, "ethproxy hashrate")
        g = c.call("eth_getWork", [])["result"]
        check(g[0] == "0x" + new["header"], "ethproxy getWork returns the current work")
    if dialect == "stratum":
        m = c.call("mining.submit", ["wallet.w1", new["id"], "0x%016x" % (nonce + 7), "0x" + "cd" * 32, "0x" + ZERO])
        check(error_message(m) == "header mismatch", "stratum header mismatch: %s" % m)
        counts["rejected"] += 1
    c.close()
    rep = pool.stop()
    want = dict(counts, connections=1, logins=1, jobs=2)
    check(all(rep.get(k) == v for k, v in want.items()), "%s report %s, want %s" % (dialect, rep, want))

    # Pool B: difficulty 2 (boundary 2^255): the pool's verdict must equal the CLI's.
    pool = Pool("--dialect", dialect, "--difficulty", "2")
    c, job = eth_login(dialect, pool.port)
    check(abs(job["boundary"] - 2**255) <= 2**255 >> 40, "%s boundary of difficulty 2: %x" % (dialect, job["boundary"]))
    prefix = int(c.extranonce, 16) << 48 if dialect == "ethstratum" else 0
    for k in range(2):
        nonce = prefix | (0xabcdef0000 + k)
        mix, final = ethash_expected(job["header"], nonce)
        ok = final <= 2**255
        a = eth_submit(dialect, c, job, nonce, mix)
        check((a.get("result") is True) == ok, "%s nonce %x: pool %s, CLI final %064x" % (dialect, nonce, a, final))
        if not ok:
            check(error_message(a) == "low difficulty share", "%s low difficulty message: %s" % (dialect, a))
    c.close()
    pool.stop()


# -------------------------------------------------------- drop / hostile --
def login_any(dialect, port):
    c = Client(port)
    if dialect == "bytom":
        c.send({"id": 1, "method": "login", "params": {"login": "w", "pass": "x", "agent": "check/1"}})
    elif dialect == "ethproxy":
        c.send({"id": 1, "jsonrpc": "2.0", "method": "eth_submitLogin", "params": ["w", "x"]})
        c.send({"id": 2, "jsonrpc": "2.0", "method": "eth_getWork", "params": []})
    else:
        c.send({"id": 1, "method": "mining.subscribe", "params": ["check/1", "EthereumStratum/1.0.0"]})
        c.send({"id": 2, "method": "mining.authorize", "params": ["w", "x"]})
    return c


def good_job_arrived(dialect, c, timeout=20):
    """Reads lines (tolerating junk) until a job of the pool's own ids arrives."""
    end = time.time() + timeout
    while time.time() < end:
        line = c.line(timeout=max(0.1, end - time.time()))
        if line is None:
            return False
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if not isinstance(m, dict):
            continue
        if dialect == "bytom":
            job = (m.get("result") or {}).get("job") if isinstance(m.get("result"), dict) else None
            job = job or (m.get("params") if m.get("method") == "job" else None)
            if isinstance(job, dict) and str(job.get("job_id", "")).startswith("job-") and job.get("target") != "00000000":
                return True
        elif dialect == "ethproxy":
            r = m.get("result")
            if isinstance(r, list) and len(r) == 4 and m.get("id") in (0, 2) and \
                    r[0] not in ["0x" + ch * 64 for ch in "234"]:
                return r[2] != "0x" + ZERO and len(r[2]) == 66
        elif m.get("method") == "mining.notify" and isinstance(m.get("params"), list) and m["params"] and \
                len(str(m["params"][0])) == 16 and not str(m["params"][0]).startswith(("bad-", "absurd-")):
            return True
    return False


def check_hostile(dialect, modes):
    for mode in modes:
        pool = Pool("--dialect", dialect, "--hostile", mode)
        c = login_any(dialect, pool.port)
        if mode == "huge-line":
            # 1 MiB without newline: the client has to give up on this connection
            got = b""
            c.sock.settimeout(10)
            while len(got) - (got.rfind(b"\n") + 1) < (1 << 20):   # the answers before it end in newlines
                data = c.sock.recv(1 << 20)
                if not data:
                    break
                got += data
            tail = got[got.rfind(b"\n") + 1:]
            check(len(tail) == 1 << 20, "%s huge-line: 1 MiB without newline (got %d)" % (dialect, len(tail)))
            c.close()
            c = login_any(dialect, pool.port)
        elif mode == "close-early":
            check(c.closed(), "%s close-early: closed after login" % dialect)
            c.close()
            c = login_any(dialect, pool.port)
        check(good_job_arrived(dialect, c), "%s --hostile %s: a good job follows" % (dialect, mode))
        c.close()
        rep = pool.stop()
        check(rep.get("hostile_lines", 0) >= 1 and rep.get("hostile") == mode,
              "%s --hostile %s report %s" % (dialect, mode, rep))


def check_drop():
    pool = Pool("--dialect", "ethstratum", "--difficulty", "1", "--drop-after", "2")
    c, job = eth_login("ethstratum", pool.port)
    base = int(c.extranonce, 16) << 48
    for k in range(2):
        check(eth_submit("ethstratum", c, job, base | k, None).get("result") is True, "drop: share %d" % k)
    check(c.closed(), "drop: closed after 2 accepted shares")
    c.close()
    c, job = eth_login("ethstratum", pool.port)
    check(c.extranonce == "a2ef", "second connection gets another extranonce: %s" % c.extranonce)
    check(eth_submit("ethstratum", c, job, (0xa2ef << 48) | 5, None).get("result") is True, "drop: share after reconnect")
    c.close()
    rep = pool.stop()
    check(rep.get("connections") == 2 and rep.get("accepted") == 3, "drop report %s" % rep)


def check_usage():
    r = subprocess.run([TESTPOOL, "--dialect", "nope"], capture_output=True, text=True)
    check(r.returncode == 2 and "unknown dialect" in r.stderr, "unknown dialect -> exit 2")
    r = subprocess.run([TESTPOOL, "--dialect", "bytom", "--difficulty", "abc"], capture_output=True, text=True)
    check(r.returncode == 2, "bad difficulty -> exit 2")
    r = subprocess.run([TESTPOOL, "--dialect", "bytom", "--hostile", "evil"], capture_output=True, text=True)
    check(r.returncode == 2, "unknown hostile mode -> exit 2")
    r = subprocess.run([TESTPOOL, "--dialect", "stratum", "--max-seconds", "0.5", "--report",
                        os.path.join(TMP, "r_max")], capture_output=True, text=True, timeout=60)
    check(r.returncode == 0 and json.load(open(os.path.join(TMP, "r_max"))).get("connections") == 0,
          "--max-seconds -> report and exit 0")


def main():
    steps = [check_usage, check_bytom, check_drop] + \
            [lambda d=d: check_ethash(d) for d in ("ethproxy", "ethstratum", "stratum")] + \
            [lambda d=d, m=m: check_hostile(d, m) for d, m in (
                # every mode for bytom; the dialect-specific ones for each Ethash
                # dialect, the generic ones once (an Ethash pool costs ~0.7 s of
                # light cache at start)
                ("bytom", ("malformed", "unknown-method", "absurd-target", "huge-line", "close-early")),
                ("ethproxy", ("malformed", "absurd-target", "huge-line")),
                ("ethstratum", ("malformed", "absurd-target", "unknown-method")),
                ("stratum", ("malformed", "absurd-target", "close-early")))]
    for step in steps:
        try:
            step()
        except Exception as e:  # a crash of the checker is a failure, with its reason
            check(False, "%s: %r" % (getattr(step, "__name__", "step"), e))
            for pool in list(Pool.running):      # leave no server behind
                pool.proc.kill()
                pool.proc.wait()
                print("--- pool log:\n" + pool.log_text()[-3000:], file=sys.stderr)
                Pool.running.remove(pool)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
