#!/usr/bin/env bash
# Write -> DNS visibility under DNS load, one Palisade jar started with several sets of arguments
# (e.g. thread priorities), rounds interleaved, and where each write's time goes.
#
#   deploy/bench/write-priority.sh JAR 'label1=--arg1 --arg2' 'label2=--arg3' ...
#
# Palisade runs on H2 with the dataset of gen-data.py (made when missing; its first start imports
# it into $WORK/h2-db and writes the index file, later starts read both), pinned to SERVER_CPU
# with its whole JVM, as run.sh does. Per round and configuration (the order reversed every other
# round): a fresh start, WARMUP seconds of qblast at RATE, then qblast at RATE on CLIENT_CPU while
# api-bench.py makes WRITES writes (a PUT and a DELETE each) in account bench; around them every
# thread's /proc/PID/task/TID/schedstat: time on the core and time runnable but waiting for it,
# summed for the web server's request threads (http-nio-*), the answering threads (dns-*) and the
# rest. One line per round and configuration: the visibility and HTTP response p50/p99, the
# request threads' CPU and wait per request, the others' CPU, qblast's answered rate, the load
# average and the host's steal.
#
# RATE=0 leaves the DNS load out: the writes' own cost (request thread CPU per request, HTTP
# response times) without queries competing for the server core. WRITE_WARMUP writes (a PUT and a
# DELETE each) are made before the measured ones, so the measured ones run compiled code. JFR=1 records the
# measured writes with Java Flight Recorder (settings=profile) into $WORK/logs/LABEL-ROUND.jfr:
# `jfr print --events jdk.ExecutionSample` there, the request threads are http-nio-*.
#
# Environment (defaults): WORK=/tmp/palisade-write SIZE=1000000 ROUNDS=3 WRITES=200 RATE=100000
#   WARMUP=20 WRITE_WARMUP=0 JFR=0 SERVER_CPU=0 CLIENT_CPU=1 DNS_PORT=5460 HTTP_PORT=18460 HEAP=1g
#   JVM_OPTS="-XX:+UseShenandoahGC" START_TIMEOUT=1800 (s, the first start imports the dataset)
#   H2_OPTIONS="" (appended to the H2 URL, e.g. ";QUERY_CACHE_SIZE=64")
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
(($# >= 2)) && [[ -f $1 ]] || { echo "usage: $0 JAR 'label=args' ..." >&2; exit 2; }
JAR=$1; shift
CONFIGS=("$@")
WORK=${WORK:-/tmp/palisade-write}; SIZE=${SIZE:-1000000}; ROUNDS=${ROUNDS:-3}; WRITES=${WRITES:-200}
RATE=${RATE:-100000}; WARMUP=${WARMUP:-20}; WRITE_WARMUP=${WRITE_WARMUP:-0}; JFR=${JFR:-0}; H2_OPTIONS=${H2_OPTIONS:-}; SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}
DNS_PORT=${DNS_PORT:-5460}; HTTP_PORT=${HTTP_PORT:-18460}; HEAP=${HEAP:-1g}
JVM_OPTS=${JVM_OPTS:--XX:+UseShenandoahGC}; START_TIMEOUT=${START_TIMEOUT:-1800}
TOKEN=pal_benchbenchbenchbenchbenchbenchbench00
BASE_ZONE=rbl.bench.test
DATA=$WORK/data-$SIZE
mkdir -p "$WORK/bin" "$WORK/logs"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
. "$HERE/processes.sh"

QBLAST=$WORK/bin/qblast
[[ -x $QBLAST && $QBLAST -nt $HERE/qblast.c ]] || gcc -O2 -Wall -o "$QBLAST" "$HERE/qblast.c"
[[ -s $DATA/queries.tsv ]] || python3 "$HERE/gen-data.py" --entries "$SIZE" --queries 500000 --out "$DATA" >&2

# threads PID: "group run_ns wait_ns" per thread (group: requests, answering, other)
threads() {
    python3 - "$1" <<'EOF'
import os, sys
base = "/proc/%s/task" % sys.argv[1]
for tid in os.listdir(base):
    try:
        comm = open("%s/%s/comm" % (base, tid)).read().strip()
        run, wait = open("%s/%s/schedstat" % (base, tid)).read().split()[:2]
    except OSError:
        continue
    group = "requests" if comm.startswith("http-") else "answering" if comm.startswith("dns-") else "other"
    print(tid, group, run, wait)
EOF
}
# delta BEFORE AFTER GROUP FIELD(3 run, 4 wait): nanoseconds of the group's threads between the two
delta() {
    awk -v g="$3" -v f="$4" 'NR == FNR { if ($2 == g) b[$1] = $f; next }
        $2 == g { s += $f - b[$1] } END { printf "%d\n", s }' "$1" "$2"
}
steal_ticks() { awk '/^cpu / { print $9 }' /proc/stat; }
all_ticks() { awk '/^cpu / { s = 0; for (i = 2; i <= NF; i++) s += $i; print s }' /proc/stat; }

start() {   # ARGS... -> PID
    local t0 i
    rm -f "$WORK/logs/palisade.log"
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" java $JVM_OPTS -Xms"$HEAP" -Xmx"$HEAP" -jar "$JAR" \
        --palisade.dns.base-zone=$BASE_ZONE --palisade.dns.port="$DNS_PORT" --palisade.dns.udp-threads=1 \
        --server.port="$HTTP_PORT" --palisade.api.bootstrap-token="$TOKEN" \
        --spring.datasource.url="jdbc:h2:file:$WORK/h2-db/palisade$H2_OPTIONS" \
        --palisade.index.file="$WORK/palisade-$SIZE.index" \
        --palisade.samples.directory="$DATA" --palisade.samples.import-on-empty=true \
        --palisade.dns.rrl.exempt=127.0.0.1 "$@" >"$WORK/logs/palisade.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    for i in $(seq 1 $((START_TIMEOUT * 10))); do
        grep -q 'Started PalisadeApplication' "$WORK/logs/palisade.log" && return 0
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    tail -20 "$WORK/logs/palisade.log" >&2
    log "Palisade did not start"
    exit 1
}

measure() {   # LABEL ARGS...
    local label=$1 load result s0 s1 a0 a1 la
    shift
    start "$@"
    if ((WRITE_WARMUP > 0)); then
        taskset -c "$CLIENT_CPU" python3 "$HERE/api-bench.py" --token "$TOKEN" --http "$HTTP_PORT" \
            --dns "$DNS_PORT" --base "$BASE_ZONE" --account bench --bulk-rounds 0 --writes "$WRITE_WARMUP" \
            >"$WORK/logs/write-warmup.txt" 2>&1
    fi
    load=""
    : >"$WORK/logs/load.txt"
    if ((RATE > 0)); then
        taskset -c "$CLIENT_CPU" "$QBLAST" -p "$DNS_PORT" -f "$DATA/queries.tsv" -l "$WARMUP" -Q "$RATE" -q 2000 -b 4 -c 4 \
            >"$WORK/logs/warmup.txt" 2>&1 || true
    fi
    if ((JFR)); then
        jcmd "$PID" JFR.start name=writes settings=profile >/dev/null
    fi
    threads "$PID" >"$WORK/t0"; s0=$(steal_ticks); a0=$(all_ticks)
    if ((RATE > 0)); then
        taskset -c "$CLIENT_CPU" "$QBLAST" -p "$DNS_PORT" -f "$DATA/queries.tsv" -l 3600 -Q "$RATE" -q 2000 -b 4 -c 4 \
            >"$WORK/logs/load.txt" 2>&1 &
        load=$!
        PIDS+=("$load")
    fi
    result=$(taskset -c "$CLIENT_CPU" python3 "$HERE/api-bench.py" --token "$TOKEN" --http "$HTTP_PORT" \
        --dns "$DNS_PORT" --base "$BASE_ZONE" --account bench --bulk-rounds 0 --writes "$WRITES" |
        tee -a "$WORK/logs/api-bench.txt" | sed -n 's/^RESULT //p')
    if [[ -n $load ]]; then
        kill -TERM "$load" 2>/dev/null || true
        wait "$load" || true
        forget "$load"
    fi
    threads "$PID" >"$WORK/t1"; s1=$(steal_ticks); a1=$(all_ticks)
    if ((JFR)); then
        jcmd "$PID" JFR.stop name=writes filename="$WORK/logs/$label-$ROUND.jfr" >/dev/null
    fi
    la=$(cut -d' ' -f1 /proc/loadavg)
    local n=$((2 * WRITES))
    printf '%s round=%s %s req_cpu_ms=%.2f req_wait_ms=%.2f answering_cpu_s=%.2f other_cpu_s=%.2f %s load=%s steal_pct=%.1f\n' \
        "$label" "$ROUND" "$result" \
        "$(echo "$(delta "$WORK/t0" "$WORK/t1" requests 3) / $n / 1000000" | bc -l)" \
        "$(echo "$(delta "$WORK/t0" "$WORK/t1" requests 4) / $n / 1000000" | bc -l)" \
        "$(echo "$(delta "$WORK/t0" "$WORK/t1" answering 3) / 1000000000" | bc -l)" \
        "$(echo "$(delta "$WORK/t0" "$WORK/t1" other 3) / 1000000000" | bc -l)" \
        "$(sed -n 's/^RESULT //p' "$WORK/logs/load.txt" | tr ' ' '\n' | grep -E '^(qps|lost|p99_us)=' | tr '\n' ' ')" \
        "$la" "$(echo "100 * ($s1 - $s0) / ($a1 - $a0)" | bc -l)"
    stop_pid "$PID"; forget "$PID"
}

for ROUND in $(seq 1 "$ROUNDS"); do
    order=("${CONFIGS[@]}")
    if ((ROUND % 2 == 0)); then
        order=(); for ((i = ${#CONFIGS[@]} - 1; i >= 0; i--)); do order+=("${CONFIGS[$i]}"); done
    fi
    for config in "${order[@]}"; do
        # shellcheck disable=SC2086
        measure "${config%%=*}" ${config#*=}
    done
done
