#!/usr/bin/env bash
# Pins Palisade's answering threads and its other threads to separate CPUs: run once when
# Palisade has started.
#
#   palisade-threads.sh PID      (palisade.service runs it as ExecStartPost=+... with $MAINPID)
#
# Palisade's threads carry names (Linux shows the first 15 characters in /proc/PID/task/*/comm):
# dns-udp-N and dns-tcp-* answer DNS; everything else — statistics, expiry, the index file,
# imports, the web UI and API, the database pool, the JVM's garbage collector and compilers — is
# background work that can wait a few milliseconds.
#
# Palisade itself gives every thread but the answering ones a nice value 10 above theirs once DNS
# runs (palisade.dns.background-nice), so on a shared core the kernel gives the background about a
# tenth of the time the answering threads get (CFS weights 110 and 1024) whenever both want it.
# This script adds what needs privileges: CPU pinning, and an answering nice value below the
# process's (ANSWER_NICE, when the JVM was started niced; lowering needs CAP_SYS_NICE, hence the
# "+" in ExecStartPost=+). A TCP connection's thread is started by dns-tcp-accept and inherits
# its priority and CPUs.
#
# Environment:
#   ANSWER_NICE=0       nice value of the answering threads
#   DNS_CPUS=""         a CPU list (taskset syntax, e.g. "1-3"): pin the answering threads there
#   OTHER_CPUS=""       and every other thread there (e.g. "0"). Empty: no pinning. On a 2-core
#                       machine leave both empty: Palisade's default two UDP threads answer on
#                       both cores, and pinning the background to one of them would only take
#                       that core's DNS thread's priority away. With 4 or more cores, e.g.
#                       DNS_CPUS=1-3 OTHER_CPUS=0 and palisade.dns.udp-threads=3.
#   WAIT=80             seconds to wait for the answering threads to appear (within systemd's
#                       TimeoutStartSec, 90 s by default)
set -euo pipefail
pid=${1:?usage: $0 PID}
ANSWER_NICE=${ANSWER_NICE:-0}
DNS_CPUS=${DNS_CPUS:-}
OTHER_CPUS=${OTHER_CPUS:-}
WAIT=${WAIT:-80}

answering() { [[ $1 == dns-udp-* || $1 == dns-tcp-* ]]; }

for _ in $(seq 1 $((WAIT * 5))); do
    kill -0 "$pid" 2>/dev/null || { echo "palisade-threads: process $pid ended" >&2; exit 1; }
    grep -qx 'dns-udp-0' /proc/"$pid"/task/*/comm 2>/dev/null && break
    sleep 0.2
done
grep -qx 'dns-udp-0' /proc/"$pid"/task/*/comm 2>/dev/null ||
    { echo "palisade-threads: no answering thread in process $pid after ${WAIT}s" >&2; exit 1; }

answer=0 other=0
for task in /proc/"$pid"/task/*; do
    tid=${task##*/}
    name=$(cat "$task/comm" 2>/dev/null) || continue # ended meanwhile
    if answering "$name"; then
        renice -n "$ANSWER_NICE" -p "$tid" >/dev/null
        [[ -z $DNS_CPUS ]] || taskset -p -c "$DNS_CPUS" "$tid" >/dev/null
        answer=$((answer + 1))
    else
        [[ -z $OTHER_CPUS ]] || taskset -p -c "$OTHER_CPUS" "$tid" >/dev/null
        other=$((other + 1))
    fi
done
echo "palisade-threads: $answer answering threads at nice $ANSWER_NICE${DNS_CPUS:+ on CPUs $DNS_CPUS}," \
    "$other others left at nice $(ps -o ni= -p "$pid" | tr -d ' ')${OTHER_CPUS:+ on CPUs $OTHER_CPUS}"
