#!/usr/bin/env python3
"""Turns a run.sh results file into the markdown table of deploy/bench/README.md.

    report.py RESULTS.txt

Medians over the rounds of one run; the ratio column is Palisade / rbldnsd, so above 1 is better
for rates and below 1 is better for latency, memory and start-up time. Rounds during which the host
stole more than STEAL_MAX percent of the CPU (noisy=1) are left out and counted. The main table is
Palisade on the database the rounds ran against (the last of DATABASES); a second table gives, per
database, the fixed-rate rounds and what the background work cost next to answering (test=bg).
"""
import statistics
import sys


def parse(path):
    """The rows (key=value lines) and notes (# lines) of a results file. Each rbldnsd row gets
    with_db: the database of the Palisade rows around it (the rounds of one database run both
    servers in turn), so per-database figures compare the rounds run side by side."""
    rows, notes = [], []
    db = None
    for line in open(path):
        line = line.strip()
        if line.startswith("#"):
            notes.append(line)
        elif line:
            row = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            if row.get("server") == "palisade" and row.get("db"):
                db = row["db"]
            if row.get("server") == "rbldnsd" and db:
                row["with_db"] = db
            rows.append(row)
    return rows, notes


MAIN_DB = None  # the database of the main table's Palisade rounds; set in main()


def values(rows, server, size, test, key, fn=None, db=None):
    out = []
    want_db = db or MAIN_DB
    for r in rows:
        if r.get("noisy") == "1":
            continue
        if server == "palisade" and want_db and r.get("db", want_db) != want_db:
            continue
        if server == "rbldnsd" and want_db and r.get("with_db", want_db) != want_db:
            continue
        if r.get("server") == server and r.get("size") == size and r.get("test") == test:
            if fn:
                v = fn(r)
            elif key in r:
                try:
                    v = float(r[key])
                except ValueError:
                    continue
            else:
                continue
            if v is not None:
                out.append(v)
    return out


def per_cpu(r):
    cpu = float(r.get("srv_cpu_s", 0))
    return float(r["completed"]) / cpu if cpu > 0 else None


def per_dns_cpu(r):
    """Queries per CPU-second of the answering threads alone (threadcpu.py's dns_cpu_s; for
    rbldnsd the whole process)."""
    cpu = float(r.get("dns_cpu_s", 0))
    return float(r["completed"]) / cpu if cpu > 0 else None


def heap_lines(rows, size):
    """Palisade's heap after a full GC above an empty Palisade's, per entry, against rbldnsd's whole
    RSS per entry; and the index arrays' bytes per entry of each kind, from Palisade's log."""
    empty = [float(r["heap_used_kb"]) for r in rows
             if r.get("test") == "heap_empty" and float(r.get("heap_used_kb", 0)) > 0]
    heap = [r for r in rows if r.get("server") == "palisade" and r.get("size") == size
            and r.get("test") == "heap" and float(r.get("heap_used_kb", 0)) > 0]
    rbl = values(rows, "rbldnsd", size, "load", "rss_kb")
    if heap and empty:
        per_entry = (float(heap[-1]["heap_used_kb"]) - empty[-1]) * 1024 / int(size)
        va = statistics.median(rbl) * 1024 / int(size) if rbl else None
        print("| memory per entry: rbldnsd whole RSS; Palisade heap after a full GC above an empty"
              " Palisade's %.0f MB (bytes) | %s | %.1f | %s |"
              % (empty[-1] / 1024, "%.1f" % va if va else "-", per_entry,
                 "%.2f" % (per_entry / va) if va else "-"))
    for r in heap[-1:]:
        for kind, label in (("ip4", "IPv4"), ("ip6", "IPv6"), ("domain", "domain")):
            if kind + "_bytes_each" in r:
                print("| Palisade index arrays per %s entry (bytes, %s entries%s) | | %s | |"
                      % (label, format(int(r[kind + "_entries"]), ","),
                         ", names not counted" if kind == "domain" else "", r[kind + "_bytes_each"]))


def paired(rows, size, test, db, fn):
    """Palisade / rbldnsd of each round at a fixed rate on one database: the k-th Palisade run of
    the test against the k-th rbldnsd run beside it (noisy rounds left out as pairs)."""
    def runs(server):
        return [r for r in rows if r.get("server") == server and r.get("size") == size
                and r.get("test") == test
                and (r.get("db") if server == "palisade" else r.get("with_db")) == db]
    out = []
    for a, b in zip(runs("rbldnsd"), runs("palisade")):
        if a.get("noisy") == "1" or b.get("noisy") == "1":
            continue
        va, vb = fn(a), fn(b)
        if va and vb is not None:
            out.append(vb / va)
    return out


def target_lines(rows, size, dbs):
    """Per database, the fixed-rate targets: queries per server CPU-second at 50% and 80% of
    rbldnsd's maximum (Palisade / rbldnsd of the same round, median and range over the rounds), and
    p99 at 80%; with the steal and load average the rounds ran under."""
    names = {"h2": "H2", "postgres": "PostgreSQL"}
    p99 = lambda r: float(r["p99_us"]) if "p99_us" in r else None
    print()
    print("| Palisade on | q/CPU-s at 50%: rbldnsd, Palisade, ratio (range) | q/CPU-s at 80%:"
          " rbldnsd, Palisade, ratio (range) | p99 at 80% (µs): rbldnsd, Palisade, ratio (range) |"
          " answering threads alone, q/CPU-s at 50%: rbldnsd, Palisade, ratio (range) |"
          " rounds | steal % max | load average |")
    print("|---|---|---|---|---|---:|---:|---:|")
    for db in dbs:
        cells = []
        for test, fn in (("rate50", per_cpu), ("rate80", per_cpu), ("rate80", p99),
                         ("rate50", per_dns_cpu)):
            a = values(rows, "rbldnsd", size, test, None, fn, db=db)
            b = values(rows, "palisade", size, test, None, fn, db=db)
            ratios = paired(rows, size, test, db, fn)
            if not a or not b or not ratios:
                cells.append("-")
                continue
            fmt = "%.1f" if fn is p99 else "%.0f"
            cells.append("%s, %s, **%.2f** (%.2f–%.2f)" % (fmt % statistics.median(a),
                                                          fmt % statistics.median(b),
                                                          statistics.median(ratios),
                                                          min(ratios), max(ratios)))
        used = [r for r in rows if r.get("size") == size and r.get("test") in ("rate50", "rate80")
                and (r.get("db") or r.get("with_db")) == db]
        if not used:
            continue
        steal = max(float(r.get("steal_pct", 0)) for r in used)
        loads = [float(r["load1"]) for r in used if "load1" in r]
        left = sum(1 for r in used if r.get("noisy") == "1")
        print("| %s | %s | %s | %s | %s | %d%s | %.1f | %s |"
              % (names.get(db, db), cells[0], cells[1], cells[2], cells[3],
                 len([r for r in used if r.get("server") == "palisade" and r["test"] == "rate50"]),
                 " (%d runs left out)" % left if left else "", steal,
                 "%.0f–%.0f" % (min(loads), max(loads)) if loads else "-"))


def background_lines(rows, size, dbs):
    """Per database: Palisade's queries per CPU-second at the fixed rates, and the background run:
    CPU of the answering threads against the rest, thread by thread (threadcpu.py)."""
    names = {"h2": "H2", "postgres": "PostgreSQL"}
    runs = [r for r in rows if r.get("server") == "palisade" and r.get("size") == size
            and r.get("test") == "bg"]
    if not runs:
        return
    print()
    print("| Palisade on | q/CPU-s 50% | q/CPU-s 80% | background run: q/s | answering CPU s |"
          " background CPU s (JVM threads + PostgreSQL backends) | GC/JIT CPU s | background / answering |"
          " steal % | load average |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for db in dbs:
        for r in [x for x in runs if x.get("db") == db]:
            rate = {}
            for test in ("rate50", "rate80"):
                v = values(rows, "palisade", size, test, None, per_cpu, db=db)
                rate[test] = "%.0f" % statistics.median(v) if v else "-"
            print("| %s | %s | %s | %s | %s | %s + %s | %s | %.2f%% | %s%s | %s |"
                  % (names.get(db, db), rate["rate50"], rate["rate80"], r.get("qps"),
                     r.get("dns_cpu_s"), r.get("bg_cpu_s"), r.get("db_cpu_s"), r.get("jvm_cpu_s"),
                     100 * float(r.get("bg_share", 0)), r.get("steal_pct"),
                     " (noisy)" if r.get("noisy") == "1" else "", r.get("load1", "-")))


def main():
    global MAIN_DB
    rows, notes = parse(sys.argv[1])
    for r in rows:
        if r.get("server") == "palisade" and r.get("test") == "load" and r.get("db"):
            MAIN_DB = r["db"]
    for n in notes:
        if n.startswith("# palisade vs") or n.startswith("# cpu") or n.startswith("# commit"):
            print("    " + n[2:])
    sizes = []
    for r in rows:
        if r.get("size") and r["size"] not in sizes:
            sizes.append(r["size"])
    for size in sizes:
        millions = int(size) / 1e6
        print()
        print("**%s entries**" % format(int(size), ","))
        print()
        print("| figure | rbldnsd | Palisade | Palisade / rbldnsd |")
        print("|---|---:|---:|---:|")

        def line(label, test, key=None, fn=None, agg=statistics.median, fmt="%.0f", scale=1.0):
            a = values(rows, "rbldnsd", size, test, key, fn)
            b = values(rows, "palisade", size, test, key, fn)
            if not a and not b:
                return
            va = agg(a) * scale if a else None
            vb = agg(b) * scale if b else None
            ratio = "%.2f" % (vb / va) if va and vb is not None else "-"
            print("| %s | %s | %s | %s |" % (label, fmt % va if va is not None else "-",
                                              fmt % vb if vb is not None else "-", ratio))

        line("q/s at saturation, one pinned core (qblast)", "saturation", "qps")
        line("q/s with dnsperf (generator-bound, see text)", "dnsperf", "qps")
        line("queries per server CPU-second at 50% load", "rate50", fn=per_cpu)
        line("queries per server CPU-second at 80% load", "rate80", fn=per_cpu)
        line("queries per server CPU-second at saturation", "saturation", fn=per_cpu)
        for test, pct in (("rate50", "50%"), ("rate80", "80%")):
            for key, name in (("p50_us", "p50"), ("p99_us", "p99"), ("p999_us", "p99.9")):
                line("%s latency at %s of rbldnsd's max (µs)" % (name, pct), test, key, fmt="%.1f")
            line("lost queries at %s (sum of rounds)" % pct, test, "lost", agg=sum)
        line("p99 latency during the %s run at 80%% (µs)" % "GC", "gc80", "p99_us", fmt="%.1f")
        line("lost queries during the GC run", "gc80", "lost", agg=sum)
        line("RSS after load, MB per million entries", "load", "rss_kb",
             scale=1 / 1024 / millions, fmt="%.1f")
        line("RSS at the end, MB per million entries", "end", "rss_kb",
             scale=1 / 1024 / millions, fmt="%.1f")
        heap_lines(rows, size)
        rbl_ready = values(rows, "rbldnsd", size, "load", "ready_s")
        names = {"h2": "H2", "postgres": "PostgreSQL"}
        dbs = []
        for r in rows:
            if r.get("size") == size and r.get("db") and r["db"] not in dbs:
                dbs.append(r["db"])
        for db in dbs:
            starts = [r for r in rows if r.get("server") == "palisade" and r.get("size") == size
                      and r.get("test") == "start" and r.get("db") == db]
            name = names.get(db, db)

            def median(key):
                v = []
                for r in starts:
                    try:
                        v.append(float(r[key]))
                    except (KeyError, ValueError):
                        pass
                return statistics.median(v) if v else None

            va = statistics.median(rbl_ready) if rbl_ready else None
            for r in rows:
                if (r.get("server") == "palisade" and r.get("size") == size
                        and r.get("test") == "start_cold" and r.get("db") == db):
                    cold = float(r["ready_s"])
                    print("| process start to first answer, Palisade from %s without an index file (s) | %s | %.2f | %s |"
                          % (name, "%.2f" % va if va else "-", cold, "%.2f" % (cold / va) if va else "-"))
                    for key, label in (("load_ms", "of which reading the entries and building the index (ms)"),
                                       ("load_cpu_ms", "the same in CPU time of the loading thread (ms)")):
                        if r.get(key):
                            print("| %s | | %s | |" % (label, r[key]))
            ready = median("ready_s")
            if ready is not None:
                print("| process start to first answer, Palisade from %s with its index file (s, median of %d) | %s | %.2f | %s |"
                      % (name, len(starts), "%.2f" % va if va else "-", ready,
                         "%.2f" % (ready / va) if va else "-"))
                v = median("from_file")
                if v is not None:
                    print("| of which entries taken from the index file | | %.0f | |" % v)
            for key, label in (("app_s", "process start to web UI and API up, from %s (s)"),
                               ("load_ms", "of which reading the entries and building the index, %s (ms)"),
                               ("load_cpu_ms", "the same in CPU time of the loading thread, %s (ms)")):
                v = median(key)
                if v is not None:
                    print("| %s | | %s | |" % (label % name, "%.2f" % v if key == "app_s" else "%.0f" % v))
            for r in rows:
                if (r.get("server") == "palisade" and r.get("size") == size
                        and r.get("test") == "import" and r.get("db") == db):
                    print("| Palisade first start into %s: import of the rbldnsd files to first answer (s) | | %s | |"
                          % (name, r.get("ready_s")))
                if (r.get("server") == "palisade" and r.get("size") == size
                        and r.get("test") == "sqlload" and r.get("db") == db):
                    print("| %s loaded with SQL instead (s) | | %s | |" % (name, r.get("seconds")))
        if not dbs:
            line("process start to first answer (s)", "load", "ready_s", fmt="%.2f")
        for r in rows:
            if r.get("server") == "palisade" and r.get("size") == size and r.get("test") == "write":
                for key, label in (("listing_p50_ms", "write -> DNS visibility under load, listing p50 (ms)"),
                                   ("listing_p99_ms", "write -> DNS visibility under load, listing p99 (ms)"),
                                   ("delisting_p50_ms", "write -> DNS visibility under load, delisting p50 (ms)"),
                                   ("delisting_p99_ms", "write -> DNS visibility under load, delisting p99 (ms)"),
                                   ("bulk_eps", "bulk import under load, 100,000 per request (entries/s, median)")):
                    if key in r:
                        print("| %s | | %s | |" % (label, r[key]))
            if r.get("server") == "palisade" and r.get("size") == size and r.get("test") == "write50":
                print("| DNS load during the writes: q/s answered / lost / p99 (µs) | | %s / %s / %s | |"
                      % (r.get("qps"), r.get("lost"), r.get("p99_us")))
        for r in rows:
            if r.get("server") == "palisade" and r.get("size") == size and r.get("test") == "gc":
                print("| GC pauses during the GC run: count / max ms / over 10 ms | | %s / %s / %s | |"
                      % (r.get("gc_pauses"), r.get("gc_max_ms"), r.get("gc_over_10ms")))
        target_lines(rows, size, dbs)
        background_lines(rows, size, dbs)
        noisy = [r for r in rows if r.get("size") == size and r.get("noisy") == "1"]
        if noisy:
            print()
            print("Left out for steal above the limit: %d rounds (%s)."
                  % (len(noisy), ", ".join("%s %s %s%%" % (r.get("server"), r.get("test"),
                                                           r.get("steal_pct")) for r in noisy)))
        mism = sum(float(r.get("mismatches", 0)) for r in rows if r.get("size") == size)
        checked = sum(float(r.get("checked", 0)) for r in rows if r.get("size") == size)
        print()
        print("Answers checked against the expected verdicts: %d, mismatches: %d." % (checked, mism))


if __name__ == "__main__":
    main()
