#!/usr/bin/env bash
# Propagation between two Palisade nodes on one PostgreSQL database: how long a write through node
# A's API takes to be answered by node B's DNS, with LISTEN/NOTIFY (the default) and with the poll
# alone (palisade.cluster.listen=false), while B answers LOAD percent of the queries it can answer
# (qblast, open loop, on a zone of the account written to); then, in the listen mode, how long a
# bulk of BULK entries on A takes to be answered whole by B, and how long B takes to catch up when
# it was stopped while A made CATCHUP changed entries (CATCHUP_BATCH per change). See README.md in
# this directory.
#
#   deploy/bench/propagation.sh
#
# Environment (defaults): WRITES=200 (writes per mode)  MODES="listen poll"
#   LOAD=50 (percent of B's measured capacity; 0: no load)  LOAD_SECONDS=5 (capacity measurement)
#   BULK=100000 (0: skip)  CATCHUP=100000 (0: skip)  CATCHUP_BATCH=100
#   POLL_INTERVAL=1s (palisade.cluster.poll-interval, both modes)  WORK=/tmp/palisade-propagation
#   JAVA=java  JAR (target/palisade.jar)  SKIP_BUILD=0  HEAP=512m  START_TIMEOUT=600 (seconds)
#   A_DNS=5311 A_HTTP=5312 B_DNS=5313 B_HTTP=5314 (all on 127.0.0.1)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD PG_DB=palisade_propagation (dropped
#   and created again for each mode: the user must be allowed to create databases)
# Every process this script starts is tracked by PID and stopped on every exit path; every wait is
# bounded in time.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WRITES=${WRITES:-200}
MODES=${MODES:-listen poll}
POLL_INTERVAL=${POLL_INTERVAL:-1s}
WORK=${WORK:-/tmp/palisade-propagation}
JAVA=${JAVA:-java}
HEAP=${HEAP:-512m}
START_TIMEOUT=${START_TIMEOUT:-600}
A_DNS=${A_DNS:-5311} A_HTTP=${A_HTTP:-5312} B_DNS=${B_DNS:-5313} B_HTTP=${B_HTTP:-5314}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PG_DB=${PG_DB:-palisade_propagation}
TOKEN=pal_propagationpropagationpropagation00
mkdir -p "$WORK/logs" "$WORK/results"
RESULTS=$WORK/results/propagation-$(date +%Y%m%d-%H%M%S).txt

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

. "$HERE/processes.sh"

for tool in "$JAVA" python3 psql createdb curl dig gcc; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 2; }
done
JAR=${JAR:-$ROOT/target/palisade.jar}
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

LOAD=${LOAD:-50} LOAD_SECONDS=${LOAD_SECONDS:-5}
BULK=${BULK:-100000} CATCHUP=${CATCHUP:-100000} CATCHUP_BATCH=${CATCHUP_BATCH:-100}
QBLAST=$WORK/bin/qblast
if [[ ! -x $QBLAST || $HERE/qblast.c -nt $QBLAST ]]; then
    mkdir -p "$WORK/bin"; gcc -O2 -Wall -o "$QBLAST" "$HERE/qblast.c"
fi
# The load's queries, on the zone written to: the test point (listed) and addresses that no write
# of this script lists (172.16.0.0/16, NXDOMAIN), so every answer can be checked.
QUERIES=$WORK/load-queries.tsv
python3 - "$QUERIES" <<'PY'
import random, sys
rng = random.Random(7)
with open(sys.argv[1], "w") as out:
    for i in range(20000):
        if i % 10 == 0:
            out.write("2.0.0.127.prop.bl.rbl.palisade.test\tA\t127.0.0.2\n")
        else:
            out.write("%d.%d.16.172.prop.bl.rbl.palisade.test\tA\tNXDOMAIN\n"
                      % (rng.randrange(256), rng.randrange(256)))
PY
# cpu_ticks: total and steal jiffies of all CPUs, for the steal share of the run.
cpu_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9}' /proc/stat; }
machine() { # LABEL TICKS0 STEAL0 LOAD0: load at start and end, steal share in between
    local ticks steal
    read -r ticks steal < <(cpu_ticks)
    printf '%s.machine load_start=%s load_end=%s steal_pct=%.1f\n' "$1" "$4" \
        "$(cut -d' ' -f1 /proc/loadavg)" "$(echo "100 * ($steal - $3) / ($ticks - $2)" | bc -l)"
}
qps() { sed -n 's/^RESULT qps=\([0-9.]*\).*/\1/p' "$1"; }

start_node() { # NAME DNS_PORT HTTP_PORT LISTEN [LOG] -> appends to PIDS
    "$JAVA" -Xmx"$HEAP" -XX:+UseShenandoahGC -jar "$JAR" --spring.profiles.active=postgres \
        --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$PG_DB" \
        --spring.datasource.username="$PGUSER" --spring.datasource.password="${PGPASSWORD:-}" \
        --palisade.api.bootstrap-token="$TOKEN" \
        --palisade.cluster.node-name="$1" --palisade.cluster.listen="$4" \
        --palisade.cluster.poll-interval="$POLL_INTERVAL" \
        --palisade.index.file="$WORK/$1.index" \
        --palisade.dns.address=127.0.0.1 --palisade.dns.port="$2" \
        --palisade.dns.rrl.exempt=127.0.0.1 \
        --server.address=127.0.0.1 --server.port="$3" >"$WORK/logs/${5:-$1-$MODE}.log" 2>&1 &
    PIDS+=($!)
}
wait_node() { # NAME HTTP_PORT [LOG]
    local pid=${PIDS[-1]}
    for _ in $(seq 1 $((START_TIMEOUT * 4))); do
        curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$2/actuator/health" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    log "$1 did not start:"
    tail -30 "$WORK/logs/${3:-$1-$MODE}.log" >&2
    exit 1
}

{
    echo "# propagation A -> B, $WRITES single writes per mode, poll interval $POLL_INTERVAL"
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1)"
} | tee "$RESULTS"
for MODE in $MODES; do
    case $MODE in
    listen) LISTEN=true ;;
    poll) LISTEN=false ;;
    *) log "unknown mode $MODE (listen, poll)"; exit 2 ;;
    esac
    rm -f "$WORK"/node-*.index
    psql -X -q -d postgres -c "drop database if exists $PG_DB" >/dev/null
    createdb "$PG_DB"
    # One after the other: the first start creates the schema and the operator token.
    start_node node-a "$A_DNS" "$A_HTTP" "$LISTEN"
    wait_node node-a "$A_HTTP"
    start_node node-b "$B_DNS" "$B_HTTP" "$LISTEN"
    wait_node node-b "$B_HTTP"
    curl -fsS -o /dev/null -X POST "http://127.0.0.1:$A_HTTP/api/v1/accounts" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d '{"slug":"prop","name":"Propagation"}'
    # B must know the new account before the first timed write: its test point answers.
    for _ in $(seq 1 100); do
        [[ $(dig +short -p "$B_DNS" @127.0.0.1 2.0.0.127.prop.bl.rbl.palisade.test A 2>/dev/null) == 127.0.0.2 ]] && break
        sleep 0.1
    done
    B_PID=${PIDS[-1]}
    read -r ticks0 steal0 < <(cpu_ticks); load0=$(cut -d' ' -f1 /proc/loadavg)
    BLAST=
    if ((LOAD > 0)); then
        "$QBLAST" -p "$B_DNS" -f "$QUERIES" -l "$LOAD_SECONDS" -k 16 >"$WORK/logs/capacity-$MODE.txt" 2>&1 || true
        capacity=$(qps "$WORK/logs/capacity-$MODE.txt"); capacity=${capacity%.*}
        rate=$((capacity * LOAD / 100))
        echo "$MODE.load b_capacity_qps=$capacity offered_qps=$rate (${LOAD}%)" | tee -a "$RESULTS"
        "$QBLAST" -p "$B_DNS" -f "$QUERIES" -l 3600 -Q "$rate" -k 16 >"$WORK/logs/load-$MODE.txt" 2>&1 &
        BLAST=$!; PIDS+=("$BLAST")
        sleep 1
    fi
    log "$MODE: $WRITES writes through node A, answered by node B"
    python3 "$HERE/propagation.py" --api "http://127.0.0.1:$A_HTTP/api/v1" --token "$TOKEN" \
        --account prop --dns-port "$B_DNS" --writes "$WRITES" --label "$MODE" | tee -a "$RESULTS"
    if [[ -n $BLAST ]]; then
        kill -TERM "$BLAST" 2>/dev/null || true; wait "$BLAST" 2>/dev/null || true; forget "$BLAST"
        echo "$MODE.load_during $(grep '^RESULT' "$WORK/logs/load-$MODE.txt")" | tee -a "$RESULTS"
    fi
    machine "$MODE" "$ticks0" "$steal0" "$load0" | tee -a "$RESULTS"
    if [[ $MODE == listen ]] && ((BULK > 0)); then
        read -r ticks0 steal0 < <(cpu_ticks); load0=$(cut -d' ' -f1 /proc/loadavg)
        log "bulk of $BULK entries through node A, until node B answers them all"
        python3 "$HERE/bulkpropagation.py" write --api "http://127.0.0.1:$A_HTTP/api/v1" \
            --token "$TOKEN" --account prop --first 0 --count "$BULK" --batch "$BULK" \
            --dns-port "$B_DNS" --label bulk | tee -a "$RESULTS"
        machine bulk "$ticks0" "$steal0" "$load0" | tee -a "$RESULTS"
    fi
    if [[ $MODE == listen ]] && ((CATCHUP > 0)); then
        read -r ticks0 steal0 < <(cpu_ticks); load0=$(cut -d' ' -f1 /proc/loadavg)
        log "node B stopped while node A writes $CATCHUP entries, $CATCHUP_BATCH per change"
        stop_pid "$B_PID"; forget "$B_PID"
        python3 "$HERE/bulkpropagation.py" write --api "http://127.0.0.1:$A_HTTP/api/v1" \
            --token "$TOKEN" --account prop --first "$BULK" --count "$CATCHUP" \
            --batch "$CATCHUP_BATCH" --label catchup_writes | tee -a "$RESULTS"
        since=$(date +%s.%N)
        start_node node-b "$B_DNS" "$B_HTTP" "$LISTEN" node-b-restart
        python3 "$HERE/bulkpropagation.py" wait --dns-port "$B_DNS" --account prop \
            --first "$BULK" --count "$CATCHUP" --since "$since" --label catchup_restart \
            >"$WORK/logs/catchup-wait.txt" &
        WAITER=$!
        wait_node node-b "$B_HTTP" node-b-restart
        printf 'catchup_restart.http_up_s=%.2f\n' "$(echo "$(date +%s.%N) - $since" | bc -l)" \
            | tee -a "$RESULTS"
        wait "$WAITER" || true
        tee -a "$RESULTS" <"$WORK/logs/catchup-wait.txt"
        # What each start of B says it took, without changes waiting and with them; whether the
        # restart found the database (or, on a saturated machine, missed it at its first try and
        # answered from the index file until it was back).
        for f in "node-b-$MODE" node-b-restart; do
            grep -o 'Started [A-Za-z]* in [0-9.]* seconds\|DNS answers from the index file\|the database is back.*' \
                "$WORK/logs/$f.log" | sed "s/^/$f: /" | tee -a "$RESULTS" || true
        done
        machine catchup "$ticks0" "$steal0" "$load0" | tee -a "$RESULTS"
    fi
    cleanup
done
psql -X -q -d postgres -c "drop database if exists $PG_DB" >/dev/null || true
log "results in $RESULTS"
