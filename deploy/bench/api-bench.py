#!/usr/bin/env python3
"""Write-path benchmark of a running Palisade: bulk import rate and write -> DNS visibility.

Measures, against a Palisade started by you (H2 or PostgreSQL):
  * bulk: POST .../entries/bulk with N entries per request (default 3 x 100,000), entries/s;
  * visibility: PUT one entry, then query DNS over UDP until it answers; the time from sending
    the PUT to the first listed DNS answer, p50/p99/max over M writes (default 1,000), each
    followed by a DELETE whose own visibility (NXDOMAIN) is measured the same way; and the same
    writes' HTTP response times alone (a write returns once the index has it);
  * optionally under DNS load (--load-qps): a second process queries the bulk-written addresses
    at a fixed rate while the writes are measured, and reports the rate it got answered.
    (deploy/bench/run.sh loads the server with its own checked generator instead.)

--bulk-rounds 0 or --writes 0 leaves that part out. The last line, RESULT key=value..., is for
scripts.

Only 127.0.0.1 is contacted. Python 3 standard library only.

  deploy/bench/api-bench.py --token pal_... [--account bench] [--http 8080] [--dns 5353]
      [--base rbl.palisade.test] [--bulk-size 100000] [--bulk-rounds 3] [--writes 1000]
      [--load-qps 0]

The account must exist and the token must have write rights on it. Entries are written in
10.128.0.0/9 (bulk, with a one-hour ttl, so they go by themselves) and 192.0.2.0/24 (each
visibility write is deleted again).
"""
import argparse
import http.client
import json
import multiprocessing
import random
import socket
import statistics
import struct
import sys
import time


def dns_query(sock, name, qid):
    """(rcode, answer count), or (None, 0) when no answer came within the socket's timeout: UDP
    queries get lost under load, and the caller asks again, as a resolver would."""
    header = struct.pack(">HHHHHH", qid, 0x0000, 1, 0, 0, 0)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    sock.send(header + question + struct.pack(">HH", 1, 1))
    while True:
        try:
            reply = sock.recv(4096)
        except socket.timeout:
            return None, 0
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


def dns_load(port, account, base, qps, stop, answered):
    """Queries addresses of the bulk range at qps until stop is set; counts the answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(1)
    sock.connect(("127.0.0.1", port))
    rng = random.Random(1)
    qid, sent, started = 0, 0, time.perf_counter()
    while not stop.is_set():
        ahead = sent - (time.perf_counter() - started) * qps
        if ahead > 0:
            time.sleep(min(ahead / qps, 0.01))
            continue
        n = rng.randrange(1 << 20)
        name = "%d.%d.%d.10.%s.bl.%s" % (n & 255, (n >> 8) & 255, 128 + (n >> 16) % 128, account, base)
        qid = (qid + 1) & 0xFFFF
        try:
            dns_query(sock, name, qid)
            answered.value += 1
        except socket.timeout:
            pass
        sent += 1


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
    ap.add_argument("--give-up", type=float, default=30,
                    help="seconds after a write's request was sent to stop waiting for DNS to show it"
                         " (on a machine shared with other work the request alone took over 5 s)")
    ap.add_argument("--load-qps", type=int, default=0,
                    help="DNS queries per second sent by a second process during the writes")
    args = ap.parse_args()

    api = Api(args.http, args.token)
    entries = "/api/v1/accounts/%s/entries" % args.account
    # The account itself, not a page of its entries: a page counts and sorts the whole scope, which
    # on H2 with a million entries took 25 s of the request thread's CPU, measured as the writes'.
    account = "/api/v1/accounts/%s" % args.account
    status, text = api.call("GET", account)
    if status != 200:
        sys.exit("cannot read %s: %d %s" % (account, status, text[:300]))

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

    load = None
    if args.load_qps > 0:
        stop, answered = multiprocessing.Event(), multiprocessing.Value("q", 0)
        load = multiprocessing.Process(
            target=dns_load, args=(args.dns, args.account, args.base, args.load_qps, stop, answered))
        load.start()
        load_started = time.perf_counter()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(0.2)
    sock.connect(("127.0.0.1", args.dns))
    listed, delisted = [], []
    # the same writes' HTTP response times: what the visibility spends before DNS is asked
    responses = {"listing": [], "delisting": []}
    qid = random.randrange(65536)
    for i in range(args.writes):
        host = 1 + i % 250
        ip = "192.0.2.%d" % host
        name = "%d.2.0.192.%s.bl.%s" % (host, args.account, args.base)
        for label, latencies, method, path, body, want in (
            ("listing", listed, "PUT", entries, {"list": "block", "value": ip},
             lambda rc, an: rc == 0 and an > 0),
            ("delisting", delisted, "DELETE", entries + "?list=block&value=" + ip, None,
             lambda rc, an: rc == 3),
        ):
            started = time.perf_counter()
            status, text = api.call(method, path, body)
            responses[label].append((time.perf_counter() - started) * 1000)
            if status not in (200, 201, 204):
                sys.exit("%s failed: %d %s" % (method, status, text[:300]))
            while True:
                qid = (qid + 1) & 0xFFFF
                rc, an = dns_query(sock, name, qid)
                if want(rc, an):
                    break
                if time.perf_counter() - started > args.give_up:
                    sys.exit("DNS never showed the %s of %s within %g s" % (method, ip, args.give_up))
            latencies.append((time.perf_counter() - started) * 1000)

    load_rate = None
    if load is not None:
        stop.set()
        load.join(10)
        load_rate = answered.value / (time.perf_counter() - load_started)

    ms = lambda v: "%.2f" % v
    print()
    print("| figure | value |")
    print("|---|---|")
    result = []
    if rates:
        print("| bulk import, %d entries per request, median of %d | %.0f entries/s |"
              % (args.bulk_size, len(rates), statistics.median(rates)))
        result.append("bulk_eps=%.0f" % statistics.median(rates))
    if load_rate is not None:
        print("| DNS load during the writes, asked / answered | %d / %.0f q/s |" % (args.load_qps, load_rate))
    for label, values in (("listing", listed), ("delisting", delisted)):
        if not values:
            continue
        print("| write -> DNS visibility, %s (n=%d) p50 / p99 / max | %s / %s / %s ms |"
              % (label, len(values), ms(percentile(values, 50)), ms(percentile(values, 99)), ms(max(values))))
        result.append("%s_p50_ms=%s %s_p99_ms=%s" % (label, ms(percentile(values, 50)),
                                                     label, ms(percentile(values, 99))))
        http = responses[label]
        print("| the same writes' HTTP response, %s p50 / p99 / max | %s / %s / %s ms |"
              % (label, ms(percentile(http, 50)), ms(percentile(http, 99)), ms(max(http))))
        result.append("%s_http_p50_ms=%s %s_http_p99_ms=%s" % (label, ms(percentile(http, 50)),
                                                               label, ms(percentile(http, 99))))
    # One machine-readable line for deploy/bench/run.sh.
    print("RESULT " + " ".join(result))


if __name__ == "__main__":
    main()
