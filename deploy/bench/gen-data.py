#!/usr/bin/env python3
"""Seeded benchmark dataset for Palisade and rbldnsd (Python 3 standard library only).

    gen-data.py --entries 1000000 --out DIR [--seed 1] [--queries 500000]

Writes into DIR:
  ip4set.txt, ip6trie.txt, dnset.txt   rbldnsd data files (the same data both servers load)
  manifest.txt                         Palisade's import manifest (see zones/README.md):
                                       the three files feed the block lists of account "bench"
  entries.csv                          the same entries as rows of Palisade's entry table (kind,
                                       type, value, return code as int, reason, sort key), for run.sh's
                                       SQL loading fallback; exclusions are allow entries
  queries.tsv                          qname <TAB> qtype <TAB> expected answer, where expected is
                                       NXDOMAIN, the A value (127.0.0.x) or the TXT text
  queries.txt                          the same queries as dnsperf input ("qname qtype")
  meta.json                            parameters and counts

Entries (share of --entries): IPv4 80% (90% single /32 addresses, 10% CIDR networks of every
length /8../31, pairwise disjoint, singles may lie inside a network and then override it, and
single-address exclusions "!a.b.c.d" inside networks), IPv6 10% (/128, /64, /56, /48, /32
prefixes, disjoint, exclusions inside /64s), domains 10% (exact "name", ".name" = the name and
every subdomain, "*.name" = subdomains only). Reasons contain no "$", so the TXT answer is the
reason itself. The zone names are those Palisade serves for account "bench" under base zone
rbl.bench.test, so both servers get byte-identical queries.

Queries: about half listed, half not; IPv4 70%, IPv6 10%, domains 20%; A 80%, TXT 20%.
Same seed and arguments give byte-identical files.
"""
import argparse
import bisect
import ipaddress
import json
import os
import random
import time

BASE = "rbl.bench.test"
IP_ZONE = "bench.bl." + BASE
DOMAIN_ZONE = "bench.dbl." + BASE

# (return code, reason, weight)
IP_VALUES = [
    ("127.0.0.2", "Listed: spam source", 45),
    ("127.0.0.3", "Listed: spam support", 10),
    ("127.0.0.4", "Listed: botnet host", 25),
    ("127.0.0.5", "Listed: open proxy", 5),
    ("127.0.0.10", "Listed: dynamic range", 15),
]
DOMAIN_VALUES = [
    ("127.0.1.2", "Listed domain: spam", 60),
    ("127.0.1.4", "Listed domain: phishing", 25),
    ("127.0.1.5", "Listed domain: malware", 15),
]
# network prefix lengths of the IPv4 CIDR entries and how common they are
IP4_LENGTHS = [(8, 1), (12, 2), (14, 3), (16, 20), (17, 10), (18, 15), (19, 25), (20, 40),
               (21, 60), (22, 90), (23, 110), (24, 500), (25, 30), (26, 30), (27, 25),
               (28, 25), (29, 20), (30, 10), (31, 5)]
IP6_LENGTHS = [(128, 40), (64, 35), (56, 10), (48, 10), (32, 5)]
TLDS = ["com"] * 20 + ["net"] * 5 + ["org"] * 4 + ["info", "biz", "xyz", "top", "ru", "de",
                                                   "cn", "io", "co.uk", "com.br", "shop"]
ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def weighted(pairs):
    """A list to pick from uniformly that follows the weights."""
    out = []
    for item, weight in pairs:
        out.extend([item] * weight)
    return out


def public_ip4(rng):
    while True:
        a = rng.getrandbits(32)
        first = a >> 24
        if first in (0, 10, 127) or first >= 224:
            continue
        return a


def ip4_text(a):
    return "%d.%d.%d.%d" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255)


def ip4_qname(a):
    return "%d.%d.%d.%d.%s" % (a & 255, (a >> 8) & 255, (a >> 16) & 255, a >> 24, IP_ZONE)


def ip6_text(a):
    groups = ["%x" % ((a >> (112 - 16 * i)) & 0xFFFF) for i in range(8)]
    return ":".join(groups)   # uncompressed form: valid for both servers


def ip6_canonical(a):
    return ipaddress.IPv6Address(a).compressed   # RFC 5952, as Palisade stores it


def ip6_qname(a):
    return ".".join(reversed("%032x" % a)) + "." + IP_ZONE


class Ip4:
    """Disjoint networks by /8 bucket, singles and exclusions; longest match wins. Each bucket
    keeps its networks' starts and ends sorted, so an overlap test or a lookup is a binary search
    (a linear scan made 10M entries, about 4,000 networks per bucket, take hours)."""

    def __init__(self):
        self.nets = []          # (start, length, value), in the order generated
        self.by_bucket = {}     # first octet -> ([starts], [ends], [values]), sorted by start
        self.singles = {}       # address -> value
        self.excluded = set()

    def _containing(self, a):
        """(bucket, index) of the network whose start is the last one <= a, or None."""
        bucket = self.by_bucket.get(a >> 24)
        if bucket is None:
            return None
        i = bisect.bisect_right(bucket[0], a) - 1
        return (bucket, i) if i >= 0 else None

    def overlaps(self, start, end):
        # networks are /8 or longer, so start and end share a bucket; the networks in it are
        # disjoint, so only the last one starting at or before end can overlap
        found = self._containing(end)
        return found is not None and found[0][1][found[1]] >= start

    def add_net(self, start, length, value):
        end = start + (1 << (32 - length)) - 1
        self.nets.append((start, length, value))
        starts, ends, values = self.by_bucket.setdefault(start >> 24, ([], [], []))
        i = bisect.bisect_left(starts, start)
        starts.insert(i, start)
        ends.insert(i, end)
        values.insert(i, value)

    def lookup(self, a):
        if a in self.excluded:
            return None
        v = self.singles.get(a)
        if v is not None:
            return v
        found = self._containing(a)
        if found is not None and found[0][1][found[1]] >= a:
            return found[0][2][found[1]]
        return None


def gen_ip4(rng, count):
    values = weighted([(i, w) for i, (_, _, w) in enumerate(IP_VALUES)])
    lengths = weighted(IP4_LENGTHS)
    d = Ip4()
    n_nets = count // 10
    # few /8s: a /8 takes a whole bucket, keep them rare and out of the way
    while len(d.nets) < n_nets:
        length = rng.choice(lengths)
        if length <= 12 and len(d.nets) % 1000:
            length = 24
        start = public_ip4(rng) & ~((1 << (32 - length)) - 1) & 0xFFFFFFFF
        if not d.overlaps(start, start + (1 << (32 - length)) - 1):
            d.add_net(start, length, rng.choice(values))
    n_excl = max(5, count // 5000)
    while len(d.excluded) < n_excl:
        start, length, _ = d.nets[rng.randrange(len(d.nets))]
        if length < 32:
            d.excluded.add(start + rng.randrange(1 << (32 - length)))
    while len(d.singles) + len(d.nets) + len(d.excluded) < count:
        a = public_ip4(rng)
        if a not in d.singles and a not in d.excluded:
            d.singles[a] = rng.choice(values)
    return d


class Ip6:
    def __init__(self):
        self.entries = []       # (address, length, value)
        self.by_length = {}     # length -> {address >> (128 - length): value}
        self.excluded = set()

    def lookup(self, a):
        if a in self.excluded:
            return None
        for length in sorted(self.by_length, reverse=True):
            v = self.by_length[length].get(a >> (128 - length))
            if v is not None:
                return v
        return None


def gen_ip6(rng, count):
    values = weighted([(i, w) for i, (_, _, w) in enumerate(IP_VALUES)])
    lengths = weighted(IP6_LENGTHS)
    d = Ip6()
    n_excl = max(3, count // 5000)
    while len(d.entries) < count - n_excl:
        length = rng.choice(lengths)
        a = (0x2 << 124) | rng.getrandbits(125)
        a = (a >> (128 - length)) << (128 - length)
        # not inside an existing prefix, not equal to one; a longer existing prefix inside a
        # new short one is practically impossible in a 125-bit space and harmless (both servers
        # pick the longest match)
        if d.lookup(a) is not None or any(
                (a >> (128 - l)) in d.by_length[l] for l in d.by_length if l <= length):
            continue
        v = rng.choice(values)
        d.entries.append((a, length, v))
        d.by_length.setdefault(length, {})[a >> (128 - length)] = v
    sixtyfours = [e for e in d.entries if e[1] == 64] or d.entries
    while len(d.excluded) < n_excl:
        a, length, _ = sixtyfours[rng.randrange(len(sixtyfours))]
        if length < 128:
            d.excluded.add(a | rng.getrandbits(128 - length))
    return d


def label(rng, lo, hi):
    n = rng.randint(lo, hi)
    return rng.choice(ALNUM[:26]) + "".join(rng.choice(ALNUM) for _ in range(n - 1))


class Domains:
    def __init__(self):
        self.entries = {}       # name -> (kind, value); kind: "" exact, "." self+below, "*." below

    def lookup(self, name):
        e = self.entries.get(name)
        if e is not None and e[0] != "*.":
            return e[1]
        parts = name.split(".")
        for i in range(1, len(parts)):
            e = self.entries.get(".".join(parts[i:]))
            if e is not None and e[0] in (".", "*."):
                return e[1]
        return None


def gen_domains(rng, count):
    values = weighted([(i, w) for i, (_, _, w) in enumerate(DOMAIN_VALUES)])
    d = Domains()
    while len(d.entries) < count:
        name = label(rng, 5, 14) + "." + rng.choice(TLDS)
        if rng.random() < 0.15:
            name = label(rng, 3, 8) + "." + name
        if name in d.entries:
            continue
        r = rng.random()
        kind = "" if r < 0.6 else ("." if r < 0.9 else "*.")
        d.entries[name] = (kind, rng.choice(values))
    return d


def write(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        buf = []
        for line in lines:
            buf.append(line)
            if len(buf) >= 65536:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))
    os.replace(tmp, path)


def soa(zone):
    return "$SOA 300 ns.%s hostmaster.%s 1 3600 600 604800 60\n$NS 3600 ns.%s\n" % (
        BASE, BASE, BASE)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=1000000)
    ap.add_argument("--queries", type=int, default=500000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()

    def log(msg):
        print("[gen-data %5.1fs] %s" % (time.time() - t0, msg), flush=True)

    n4 = a.entries * 8 // 10
    n6 = a.entries // 10
    nd = a.entries - n4 - n6
    ip4 = gen_ip4(random.Random("%d/ip4" % a.seed), n4)
    ip6 = gen_ip6(random.Random("%d/ip6" % a.seed), n6)
    dom = gen_domains(random.Random("%d/dom" % a.seed), nd)
    log("entries: ip4 %d singles + %d networks + %d exclusions, ip6 %d + %d exclusions, "
        "domains %d" % (len(ip4.singles), len(ip4.nets), len(ip4.excluded), len(ip6.entries),
                        len(ip6.excluded), len(dom.entries)))

    def ip4_lines():
        yield "# benchmark data, seed %d: rbldnsd ip4set\n" % a.seed
        yield soa(IP_ZONE)
        nets = iter(ip4.nets)
        every = max(1, len(ip4.singles) // max(1, len(ip4.nets)))
        for i, (addr, v) in enumerate(ip4.singles.items()):
            code, reason, _ = IP_VALUES[v]
            yield "%s :%s:%s\n" % (ip4_text(addr), code, reason)
            if i % every == 0:
                n = next(nets, None)
                if n:
                    code, reason, _ = IP_VALUES[n[2]]
                    yield "%s/%d :%s:%s\n" % (ip4_text(n[0]), n[1], code, reason)
        for n in nets:
            code, reason, _ = IP_VALUES[n[2]]
            yield "%s/%d :%s:%s\n" % (ip4_text(n[0]), n[1], code, reason)
        for addr in sorted(ip4.excluded):
            yield "!%s\n" % ip4_text(addr)

    def ip6_lines():
        yield "# benchmark data, seed %d: rbldnsd ip6trie\n" % a.seed
        for addr, length, v in ip6.entries:
            code, reason, _ = IP_VALUES[v]
            yield "%s/%d :%s:%s\n" % (ip6_text(addr), length, code, reason)
        for addr in sorted(ip6.excluded):
            yield "!%s\n" % ip6_text(addr)

    def dom_lines():
        yield "# benchmark data, seed %d: rbldnsd dnset\n" % a.seed
        yield soa(DOMAIN_ZONE)
        for name, (kind, v) in dom.entries.items():
            code, reason, _ = DOMAIN_VALUES[v]
            yield "%s%s :%s:%s\n" % (kind, name, code, reason)

    write(os.path.join(a.out, "ip4set.txt"), ip4_lines())
    write(os.path.join(a.out, "ip6trie.txt"), ip6_lines())
    write(os.path.join(a.out, "dnset.txt"), dom_lines())
    def code_int(code):
        o = [int(x) for x in code.split(".")]
        return (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]

    def csv_rows():
        # sort_key: the entries table's order by value (listing.EntrySortKey): 4 or 6, the address
        # and the prefix length in hexadecimal; d and the value for domains.
        yield "list_kind,value_type,entry_value,return_code,reason,sort_key\n"
        for addr, v in ip4.singles.items():
            yield "BLOCK,IPV4,%s,%d,%s,4%08x20\n" % (ip4_text(addr), code_int(IP_VALUES[v][0]),
                                                   IP_VALUES[v][1], addr)
        for start, length, v in ip4.nets:
            yield "BLOCK,IPV4,%s/%d,%d,%s,4%08x%02x\n" % (
                ip4_text(start), length, code_int(IP_VALUES[v][0]), IP_VALUES[v][1], start, length)
        for addr in sorted(ip4.excluded):
            yield "ALLOW,IPV4,%s,%d,,4%08x20\n" % (ip4_text(addr), code_int("127.0.0.2"), addr)
        for addr, length, v in ip6.entries:
            yield "BLOCK,IPV6,%s/%d,%d,%s,6%032x%02x\n" % (
                ip6_canonical(addr), length, code_int(IP_VALUES[v][0]), IP_VALUES[v][1], addr,
                length)
        for addr in sorted(ip6.excluded):
            yield "ALLOW,IPV6,%s,%d,,6%032x80\n" % (ip6_canonical(addr), code_int("127.0.0.2"), addr)
        for name, (kind, v) in dom.entries.items():
            yield "BLOCK,DOMAIN,%s%s,%d,%s,d%s%s\n" % (kind, name, code_int(DOMAIN_VALUES[v][0]),
                                                     DOMAIN_VALUES[v][1], kind, name)

    write(os.path.join(a.out, "entries.csv"), csv_rows())
    write(os.path.join(a.out, "manifest.txt"), [
        "# benchmark data for account bench (zones bench.bl / bench.dbl)\n",
        "ip4set.txt   bench  block  ip4set\n",
        "ip6trie.txt  bench  block  ip6trie\n",
        "dnset.txt    bench  block  dnset\n"])
    log("data files written")

    rng = random.Random("%d/queries" % a.seed)
    singles = list(ip4.singles)
    excluded4 = sorted(ip4.excluded)
    doms = list(dom.entries.items())

    def q_ip4(hit):
        while True:
            if hit:
                if rng.random() < 0.8 or not ip4.nets:
                    addr = singles[rng.randrange(len(singles))]
                else:
                    s, length, _ = ip4.nets[rng.randrange(len(ip4.nets))]
                    addr = s + rng.randrange(1 << (32 - length))
            else:
                addr = excluded4[rng.randrange(len(excluded4))] if rng.random() < 0.02 \
                    else public_ip4(rng)
            v = ip4.lookup(addr)
            if (v is not None) == hit:
                return ip4_qname(addr), v, IP_VALUES

    def q_ip6(hit):
        while True:
            if hit:
                addr, length, _ = ip6.entries[rng.randrange(len(ip6.entries))]
                if length < 128:
                    addr |= rng.getrandbits(128 - length)
            else:
                addr = (0x2 << 124) | rng.getrandbits(125)
            v = ip6.lookup(addr)
            if (v is not None) == hit:
                return ip6_qname(addr), v, IP_VALUES

    def q_dom(hit):
        while True:
            name, (kind, _) = doms[rng.randrange(len(doms))]
            if hit:
                if kind == "*." or (kind == "." and rng.random() < 0.5):
                    name = label(rng, 1, 8) + "." + name
            else:
                r = rng.random()
                if r < 0.3 and kind == "":
                    name = "www." + name          # below an exact entry: not listed
                elif r < 0.4 and kind == "*.":
                    pass                          # the name itself of a "*." entry
                else:
                    name = label(rng, 5, 14) + "." + rng.choice(TLDS)
            v = dom.lookup(name)
            if (v is not None) == hit:
                return name + "." + DOMAIN_ZONE, v, DOMAIN_VALUES

    kinds = [q_ip4] * 70 + [q_ip6] * 10 + [q_dom] * 20
    hits = 0

    def query_rows():
        nonlocal hits
        for _ in range(a.queries):
            hit = rng.random() < 0.5
            qname, v, table = rng.choice(kinds)(hit)
            qtype = "TXT" if rng.random() < 0.2 else "A"
            if v is None:
                expected = "NXDOMAIN"
            else:
                hits += 1
                expected = table[v][0] if qtype == "A" else table[v][1]
            yield qname, qtype, expected

    rows = list(query_rows())
    write(os.path.join(a.out, "queries.tsv"), ("%s\t%s\t%s\n" % r for r in rows))
    write(os.path.join(a.out, "queries.txt"), ("%s %s\n" % (r[0], r[1]) for r in rows))
    meta = {"seed": a.seed, "entries": a.entries, "ip4_singles": len(ip4.singles),
            "ip4_networks": len(ip4.nets), "ip4_exclusions": len(ip4.excluded),
            "ip6_prefixes": len(ip6.entries), "ip6_exclusions": len(ip6.excluded),
            "domains": len(dom.entries), "queries": a.queries, "listed_queries": hits,
            "base_zone": BASE, "ip_zone": IP_ZONE, "domain_zone": DOMAIN_ZONE}
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    log("%d queries (%d listed) -> %s" % (a.queries, hits, a.out))


if __name__ == "__main__":
    main()
