#!/usr/bin/env python3
"""Writes many entries through one Palisade node's API and times how long another node's DNS
takes to answer every one of them (Python 3 standard library only).

    bulkpropagation.py write --api URL --token T --account prop --first 0 --count 100000
                             [--batch 100000] [--dns-port P --label bulk] [--base rbl.palisade.test]
        Writes --count block entries (addresses 10.x.y.z numbered from --first) through
        POST .../entries/bulk, --batch entries per request, and prints how long the writes took.
        With --dns-port, then asks that node's DNS (UDP) until it answers every entry as listed,
        and prints the seconds from the first request to B answering them all.
    bulkpropagation.py wait --dns-port P --account prop --first 0 --count 100000 [--timeout 600]
        Asks the node's DNS until every one of those entries is answered as listed; prints the
        seconds it took from --since (epoch seconds, default now).

Every entry is asked, not a sample: "complete" means all of them. Exit status 1 on timeout.
"""
import argparse
import json
import os
import socket
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dnscheck import decode, encode  # noqa: E402  one home for encoding and decoding DNS messages


def value(i):
    return "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)


def qname(i, account, base):
    return "%d.%d.%d.10.%s.bl.%s" % (i & 255, i >> 8 & 255, i >> 16 & 255, account, base)


def post(api, token, account, values):
    body = json.dumps(
        {"entries": [{"list": "block", "value": v, "reason": "propagation"} for v in values]}
    ).encode()
    request = urllib.request.Request(
        f"{api}/accounts/{account}/entries/bulk",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        if response.status != 200:
            raise SystemExit(f"bulk of {len(values)}: HTTP {response.status}")


def unlisted(port, names, window=200, timeout=1.0):
    """The names of `names` the server does not answer as listed (A record), asked `window` at a
    time over one UDP socket; a name without an answer in time counts as unlisted."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    missing = []
    for start in range(0, len(names), window):
        chunk = names[start:start + window]
        pending = {}
        for n, name in enumerate(chunk):
            qid = (start + n) & 0xFFFF
            pending[qid] = name
            sock.sendto(encode(qid, name, "A"), ("127.0.0.1", port))
        deadline = time.time() + timeout
        while pending and time.time() < deadline:
            sock.settimeout(max(0.001, deadline - time.time()))
            try:
                data, _ = sock.recvfrom(65535)
            except socket.timeout:
                break
            qid, rcode, records = decode(data)
            name = pending.pop(qid, None)
            if name is not None and not (rcode == 0 and any(k == "A" for k, _ in records)):
                missing.append(name)
        missing.extend(pending.values())
    sock.close()
    return missing


def wait_all(port, names, timeout):
    """Asks until every name is answered as listed; returns the monotonic time it was, or None."""
    deadline = time.perf_counter() + timeout
    missing = names
    while True:
        missing = unlisted(port, missing)
        if not missing:
            return time.perf_counter()
        if time.perf_counter() > deadline:
            print(f"{len(missing)} of {len(names)} not answered, e.g. {missing[0]}", file=sys.stderr)
            return None
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=("write", "wait"))
    parser.add_argument("--api")
    parser.add_argument("--token")
    parser.add_argument("--account", required=True)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--batch", type=int, default=100000)
    parser.add_argument("--dns-port", type=int)
    parser.add_argument("--base", default="rbl.palisade.test")
    parser.add_argument("--label", default="bulk")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--since", type=float)
    args = parser.parse_args()
    numbers = range(args.first, args.first + args.count)
    names = [qname(i, args.account, args.base) for i in numbers]

    if args.command == "wait":
        since = args.since if args.since is not None else time.time()
        offset = time.time() - time.perf_counter()
        done = wait_all(args.dns_port, names, args.timeout)
        if done is None:
            return 1
        print(f"{args.label}.answered_all_s={done + offset - since:.2f}")
        return 0

    started = time.perf_counter()
    requests = 0
    for start in range(0, args.count, args.batch):
        post(args.api, args.token, args.account,
             [value(i) for i in numbers[start:start + args.batch]])
        requests += 1
    written = time.perf_counter()
    print(f"{args.label}.entries={args.count}")
    print(f"{args.label}.requests={requests}")
    print(f"{args.label}.written_s={written - started:.2f}")
    if args.dns_port:
        done = wait_all(args.dns_port, names, args.timeout)
        if done is None:
            return 1
        print(f"{args.label}.answered_all_on_b_s={done - started:.2f}")
        print(f"{args.label}.after_acknowledged_s={done - written:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
