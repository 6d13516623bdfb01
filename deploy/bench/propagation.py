#!/usr/bin/env python3
"""Times how long a write through one Palisade node takes to be answered by another node's DNS
(Python 3 standard library only).

    propagation.py --api http://127.0.0.1:8081/api/v1 --token SECRET --account prop \\
                   --dns-port 5353 --writes 200 --label listen [--base rbl.palisade.test]

Writes one block entry at a time through the API (PUT .../entries, a new address each time), then
asks the other node's DNS over UDP every millisecond until it lists that address. Between writes
it waits a random 0-200 ms (seeded), so writes fall anywhere between two polls of the feed.
Prints, for the API write (the PUT's round trip) and for "written -> answered by the other node"
(from sending the PUT to the first listed answer), p50, p99 and max in milliseconds, and the same
as key=value lines. Exit status 1 when an address is not answered within --timeout seconds.

Several servers are timed on the same writes with one --dns-port and one --label each
(--dns-port 5451 5452 --label knot bind): each write waits until every one of them answers it.
"""
import argparse
import json
import math
import os
import random
import socket
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dnscheck import ask  # noqa: E402  one home for encoding and decoding DNS messages


def put(api, token, account, value):
    body = json.dumps({"list": "block", "value": value, "reason": "propagation"}).encode()
    request = urllib.request.Request(
        f"{api}/accounts/{account}/entries",
        data=body,
        method="PUT",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status not in (200, 201):
            raise SystemExit(f"PUT {value}: HTTP {response.status}")


def listed(sock, port, qname):
    try:
        rcode, records = ask(sock, port, qname, "A", 0.5)
    except socket.timeout:
        return False
    return rcode == 0 and any(kind == "A" for kind, _ in records)


def percentile(values, p):
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--dns-port", type=int, nargs="+", required=True)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--base", default="rbl.palisade.test")
    parser.add_argument("--label", nargs="+", default=["run"])
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if len(args.label) != len(args.dns_port):
        parser.error("give one --label for each --dns-port")

    rng = random.Random(args.seed)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    writes, visible = [], {label: [] for label in args.label}
    for i in range(args.writes):
        octets = (198, 18 + (i >> 16 & 1), i >> 8 & 255, i & 255)
        value = ".".join(map(str, octets))
        qname = ".".join(map(str, reversed(octets))) + f".{args.account}.bl.{args.base}"
        if any(listed(sock, port, qname) for port in args.dns_port):
            raise SystemExit(f"{value} is listed before it was written: use a fresh database")
        time.sleep(rng.uniform(0, 0.2))
        sent = time.perf_counter()
        put(args.api, args.token, args.account, value)
        acknowledged = time.perf_counter()
        deadline = sent + args.timeout
        pending = dict(zip(args.label, args.dns_port))
        while pending:
            for label, port in list(pending.items()):
                if listed(sock, port, qname):
                    visible[label].append((time.perf_counter() - sent) * 1000)
                    del pending[label]
            if pending and time.perf_counter() > deadline:
                late = ", ".join(pending)
                print(f"{value} not answered by {late} within {args.timeout} s", file=sys.stderr)
                return 1
            time.sleep(0.001)
        writes.append((acknowledged - sent) * 1000)

    rows = [(args.label[0], "api_write", writes)]
    rows += [(label, "visible_on_b", visible[label]) for label in args.label]
    for label, name, values in rows:
        p50, p99, worst = percentile(values, 50), percentile(values, 99), max(values)
        print(
            f"{label:8} {name:13} n={len(values)}  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms"
            f"  max {worst:7.1f} ms"
        )
        for key, number in (("p50_ms", p50), ("p99_ms", p99), ("max_ms", worst)):
            print(f"{label}.{name}.{key}={number:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
