#!/usr/bin/env python3
"""Where a server's CPU time went, thread by thread, and how much the host stole meanwhile.

    threadcpu.py snap PID [DBPID...] > before.json   (a snapshot: the process's threads, the given
                                                      database backends, /proc/stat)
    threadcpu.py diff before.json after.json          (key=value on one line, for run.sh)
    threadcpu.py diff --threads before.json after.json (also every thread that used CPU, one a line)

Each thread's user + system time comes from /proc/PID/task/TID/stat and is grouped by the
thread's name: the whole name the JVM gave it when jstack can tell (so the jobs of one class,
palisade-job-EntryHits.collect and palisade-job-EntryHits.writeSome, stay apart), else its first 15
characters, as Linux keeps it:

  dns_cpu_s  the answering threads: dns-udp-N, dns-tcp-* (Palisade); the whole process for a
             server without such threads (rbldnsd)
  bg_cpu_s   Palisade's other threads: statistics, expiry, index file, imports, web UI and API,
             the database pool, H2 (runs in these threads and in its MVStore writer)
  jvm_cpu_s  the JVM's own: garbage collector, JIT compilers, VM thread
  db_cpu_s   the PostgreSQL backends given as DBPID (Palisade's connections), for the same time
  bg_share   (bg + db) / dns: what the background costs next to answering
  steal_pct  CPU time the host stole from this machine (all CPUs, /proc/stat), % of the interval
  noisy      1 when steal_pct is above STEAL_MAX (environment, default 10)
  load1      the machine's one-minute load average at the end: how many other processes were
             runnable meanwhile (steal does not show neighbours inside this machine)
"""
import json
import os
import re
import subprocess
import sys
import time

TCK = os.sysconf("SC_CLK_TCK")
ANSWERING = re.compile(r"^dns-(udp|tcp)")
JVM = re.compile(r"^(GC Thread|G1 |Shenandoah|ZWorker|ZDriver|ZDirector|ZStat|ZUnmapper|Conc|C1 Compiler"
                 r"|C2 Compiler|VM |Sweeper|Service Thread|Monitor Deflati|Signal Dispatch|Finalizer"
                 r"|Reference Handl|Common-Cleaner|Notification Thr|Attach Listener|java$)")


def ticks(stat_path):
    """user + system ticks and the name from a /proc .../stat file (the name may hold spaces)."""
    with open(stat_path) as f:
        text = f.read()
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    return name, int(fields[11]) + int(fields[12])


def java_names(pid):
    """Thread id -> the whole name the JVM gave it (jstack's nid), or {} when jstack cannot tell."""
    try:
        out = subprocess.run(["jstack", str(pid)], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    names = {}
    for m in re.finditer(r'^"(.*?)".*? nid=(0x[0-9a-f]+|[0-9]+) ', out, re.M):
        nid = m.group(2)
        names[str(int(nid, 16) if nid.startswith("0x") else int(nid))] = m.group(1)
    return names


def snap(pid, db_pids):
    threads = {}
    full = java_names(pid)
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            name, t = ticks("/proc/%d/task/%s/stat" % (pid, tid))
            threads[tid] = (full.get(tid, name), t)
        except (OSError, ValueError):
            pass  # the thread ended meanwhile
    backends = {}
    for p in db_pids:
        try:
            backends[str(p)] = ticks("/proc/%d/stat" % p)[1]
        except (OSError, ValueError):
            pass
    with open("/proc/stat") as f:
        cpu = [int(v) for v in f.readline().split()[1:]]
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    return {"time": time.time(), "threads": threads, "backends": backends, "cpu": cpu, "load": load}


def kind(name):
    if ANSWERING.match(name):
        return "dns"
    if JVM.match(name):
        return "jvm"
    return "bg"


def diff(a, b):
    per_thread = {}
    for tid, (name, t1) in b["threads"].items():
        t0 = a["threads"].get(tid, (name, 0))[1]  # a thread started meanwhile: all its time
        if t1 > t0:
            per_thread[tid] = (name, (t1 - t0) / TCK)
    sums = {"dns": 0.0, "bg": 0.0, "jvm": 0.0}
    for name, secs in per_thread.values():
        sums[kind(name)] += secs
    if not any(ANSWERING.match(name) for name, _ in b["threads"].values()):
        # not Palisade (rbldnsd): the whole process answers
        sums["dns"] += sums.pop("bg") + sums["jvm"]
        sums["bg"] = sums["jvm"] = 0.0
    db = sum(max(0, t - a["backends"].get(p, 0)) for p, t in b["backends"].items()) / TCK
    delta = [y - x for x, y in zip(a["cpu"], b["cpu"])]
    total = sum(delta[:8])  # user nice system idle iowait irq softirq steal
    steal = 100.0 * delta[7] / total if total > 0 and len(delta) > 7 else 0.0
    limit = float(os.environ.get("STEAL_MAX", "10"))
    share = (sums["bg"] + db) / sums["dns"] if sums["dns"] > 0 else 0.0
    line = ("dns_cpu_s=%.2f bg_cpu_s=%.2f jvm_cpu_s=%.2f db_cpu_s=%.2f bg_share=%.4f"
            " steal_pct=%.1f noisy=%d load1=%.1f" % (sums["dns"], sums["bg"], sums["jvm"], db, share,
                                                     steal, 1 if steal > limit else 0,
                                                     b.get("load", 0.0)))
    return line, per_thread


def main(argv):
    if len(argv) >= 2 and argv[0] == "snap":
        json.dump(snap(int(argv[1]), [int(p) for p in argv[2:] if p]), sys.stdout)
        return 0
    if argv and argv[0] == "diff":
        listing = "--threads" in argv
        files = [x for x in argv[1:] if x != "--threads"]
        if len(files) == 2:
            a, b = (json.load(open(f)) for f in files)
            line, per_thread = diff(a, b)
            print(line)
            if listing:
                by_name = {}
                for name, secs in per_thread.values():
                    by_name[name] = by_name.get(name, 0.0) + secs
                for name, secs in sorted(by_name.items(), key=lambda kv: -kv[1]):
                    print("  %-40s %-3s %8.2f s" % (name, kind(name), secs))
            return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
