#!/usr/bin/env python3
"""Write-path benchmark of a running Palisade: bulk import rate and write -> DNS visibility.

Measures, against a Palisade started by you (H2 or PostgreSQL):
  * bulk: POST .../entries/bulk with N entries per request (default 3 x 100,000), entries/s;
  * visibility: PUT one entry, then query DNS over UDP until it answers; the time from sending
    the PUT to the first listed DNS answer, p50/p99/max over M writes (default 1,000), each
    followed by a DELETE whose own visibility (NXDOMAIN) is measured the same way.

Only 127.0.0.1 is contacted. Python 3 standard library only.

  deploy/bench/api-bench.py --token pal_... [--account bench] [--http 8080] [--dns 5353]
      [--base rbl.palisade.test] [--bulk-size 100000] [--bulk-rounds 3] [--writes 1000]

The account must exist and the token must have write rights on it. Entries are written in
10.128.0.0/9 (bulk, with a one-hour ttl, so they go by themselves) and 192.0.2.0/24 (each
visibility write is deleted again).
"""
import argparse
import http.client
import json
import random
import socket
import statistics
import struct
import sys
import time


def dns_query(sock, name, qid):
    header = struct.pack(">HHHHHH", qid, 0x0000, 1, 0, 0, 0)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    sock.send(header + question + struct.pack(">HH", 1, 1))
    while True:
        reply = sock.recv(4096)
        if len(reply) >= 12 and struct.unpack(">H", reply[:2])[0] == qid:
            rcode = reply[3] & 0x0F
            ancount = struct.unpack(">H", reply[6:8])[0]
            return rcode, ancount


class Api:
    def __init__(self, port, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body)
        self.conn.request(method, path, body=data, headers=self.headers)
        response = self.conn.getresponse()
        text = response.read()
        return response.status, text


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--token", required=True)
    ap.add_argument("--account", default="bench")
    ap.add_argument("--http", type=int, default=8080)
    ap.add_argument("--dns", type=int, default=5353)
    ap.add_argument("--base", default="rbl.palisade.test")
    ap.add_argument("--bulk-size", type=int, default=100_000)
    ap.add_argument("--bulk-rounds", type=int, default=3)
    ap.add_argument("--writes", type=int, default=1000)
    args = ap.parse_args()

    api = Api(args.http, args.token)
    entries = "/api/v1/accounts/%s/entries" % args.account
    status, text = api.call("GET", entries + "?size=1")
    if status != 200:
        sys.exit("cannot read %s: %d %s" % (entries, status, text[:300]))

    rates = []
    for r in range(args.bulk_rounds):
        batch = []
        for i in range(args.bulk_size):
            n = r * args.bulk_size + i
            ip = "10.%d.%d.%d" % (128 + (n >> 16) % 128, (n >> 8) & 255, n & 255)
            batch.append({"list": "block", "value": ip, "reason": "bench $", "ttl": 3600})
        body = {"entries": batch}
        started = time.perf_counter()
        status, text = api.call("POST", entries + "/bulk", body)
        elapsed = time.perf_counter() - started
        if status != 200:
            sys.exit("bulk failed: %d %s" % (status, text[:500]))
        result = json.loads(text)
        rates.append(args.bulk_size / elapsed)
        print("bulk round %d: %d entries in %.2f s = %.0f entries/s (%s)"
              % (r + 1, args.bulk_size, elapsed, args.bulk_size / elapsed, result))

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(2)
    sock.connect(("127.0.0.1", args.dns))
    listed, delisted = [], []
    qid = random.randrange(65536)
    for i in range(args.writes):
        host = 1 + i % 250
        ip = "192.0.2.%d" % host
        name = "%d.2.0.192.%s.bl.%s" % (host, args.account, args.base)
        for latencies, method, path, body, want in (
            (listed, "PUT", entries, {"list": "block", "value": ip}, lambda rc, an: rc == 0 and an > 0),
            (delisted, "DELETE", entries + "?list=block&value=" + ip, None, lambda rc, an: rc == 3),
        ):
            started = time.perf_counter()
            status, text = api.call(method, path, body)
            if status not in (200, 201, 204):
                sys.exit("%s failed: %d %s" % (method, status, text[:300]))
            while True:
                qid = (qid + 1) & 0xFFFF
                rc, an = dns_query(sock, name, qid)
                if want(rc, an):
                    break
                if time.perf_counter() - started > 5:
                    sys.exit("DNS never showed the %s of %s" % (method, ip))
            latencies.append((time.perf_counter() - started) * 1000)

    ms = lambda v: "%.2f" % v
    print()
    print("| figure | value |")
    print("|---|---|")
    print("| bulk import, %d entries per request, median of %d | %.0f entries/s |"
          % (args.bulk_size, len(rates), statistics.median(rates)))
    for label, values in (("listing", listed), ("delisting", delisted)):
        print("| write -> DNS visibility, %s (n=%d) p50 / p99 / max | %s / %s / %s ms |"
              % (label, len(values), ms(percentile(values, 50)), ms(percentile(values, 99)), ms(max(values))))


if __name__ == "__main__":
    main()
