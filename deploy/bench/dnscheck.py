#!/usr/bin/env python3
"""Asks a DNS server on 127.0.0.1 the queries of a queries.tsv and compares the answers with the
expected verdicts (Python 3 standard library only, one UDP query at a time).

    dnscheck.py check --port P --queries DIR/queries.tsv [--sample 2000] [--seed 7]
        Asks a seeded random sample; prints a summary; exit status 1 on any mismatch or timeout.
    dnscheck.py wait --port P --queries DIR/queries.tsv --timeout 600 [--pid PID]
        Polls with the first listed IPv4 query until it is answered correctly; prints the
        seconds since --since (epoch seconds, default now). Exit status 1 on timeout, or when
        process PID has died.

Expected verdicts: "NXDOMAIN" means not listed: NXDOMAIN, or NOERROR without A/TXT records
(NODATA: Palisade answers it for names that have listed names below them, RFC 8020); otherwise
the A value (A queries) or the TXT text (TXT queries) must be among the answers.
"""
import argparse
import os
import random
import socket
import struct
import sys
import time


def encode(qid, qname, qtype):
    out = struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 0)
    for label in qname.rstrip(".").split("."):
        b = label.encode("ascii")
        out += bytes([len(b)]) + b
    return out + b"\x00" + struct.pack("!HH", {"A": 1, "TXT": 16}[qtype], 1)


def skip_name(m, at):
    while True:
        n = m[at]
        if n == 0:
            return at + 1
        if n & 0xC0 == 0xC0:
            return at + 2
        at += 1 + n


def decode(m):
    qid, _flags, qd, an = struct.unpack("!HHHH", m[:8])
    at = 12
    for _ in range(qd):
        at = skip_name(m, at) + 4
    records = []
    for _ in range(an):
        at = skip_name(m, at)
        rtype, _cls, _ttl, rdlen = struct.unpack("!HHIH", m[at:at + 10])
        at += 10
        rdata = m[at:at + rdlen]
        at += rdlen
        if rtype == 1 and rdlen == 4:
            records.append(("A", ".".join(str(b) for b in rdata)))
        elif rtype == 16:
            text, i = b"", 0
            while i < len(rdata):
                text += rdata[i + 1:i + 1 + rdata[i]]
                i += 1 + rdata[i]
            records.append(("TXT", text.decode("utf-8", "replace")))
    return qid, m[3] & 15, records


def ask(sock, port, qname, qtype, timeout):
    qid = random.randrange(65536)
    sock.sendto(encode(qid, qname, qtype), ("127.0.0.1", port))
    deadline = time.time() + timeout
    while True:
        sock.settimeout(max(0.001, deadline - time.time()))
        data, _ = sock.recvfrom(65535)
        rid, rcode, records = decode(data)
        if rid == qid:
            return rcode, records


def verdict_ok(expected, qtype, rcode, records):
    if expected == "NXDOMAIN":
        return rcode == 3 and not records or rcode == 0 and not records
    return rcode == 0 and (qtype, expected) in records


def read_rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["check", "wait"])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--since", type=float, default=None)
    ap.add_argument("--pid", type=int, default=None)
    a = ap.parse_args()
    rows = read_rows(a.queries)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if a.mode == "wait":
        since = a.since or time.time()
        probe = next(r for r in rows if r[1] == "A" and r[2] != "NXDOMAIN" and r[0][0].isdigit())
        deadline = time.time() + a.timeout
        while time.time() < deadline:
            if a.pid is not None and not os.path.exists("/proc/%d" % a.pid):
                print("DIED")
                sys.exit(1)
            try:
                rcode, records = ask(sock, a.port, probe[0], "A", 0.2)
                if verdict_ok(probe[2], "A", rcode, records):
                    print("%.2f" % (time.time() - since))
                    return
            except (socket.timeout, ConnectionRefusedError, OSError):
                pass
            time.sleep(0.02)
        print("TIMEOUT")
        sys.exit(1)
    rng = random.Random(a.seed)
    sample = rng.sample(rows, min(a.sample, len(rows)))
    bad = 0
    for qname, qtype, expected in sample:
        try:
            rcode, records = ask(sock, a.port, qname, qtype, 1.0)
        except socket.timeout:
            rcode, records = -1, []
        if not verdict_ok(expected, qtype, rcode, records):
            bad += 1
            if bad <= 10:
                print("MISMATCH %s %s expected %r got rcode %d %r" % (
                    qname, qtype, expected, rcode, records))
    print("checked=%d mismatches=%d" % (len(sample), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
