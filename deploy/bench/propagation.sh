#!/usr/bin/env bash
# Propagation between two Palisade nodes on one PostgreSQL database: how long a write through node
# A's API takes to be answered by node B's DNS, with LISTEN/NOTIFY (the default) and with the poll
# alone (palisade.cluster.listen=false). See README.md in this directory.
#
#   deploy/bench/propagation.sh
#
# Environment (defaults): WRITES=200 (writes per mode)  MODES="listen poll"
#   POLL_INTERVAL=1s (palisade.cluster.poll-interval, both modes)  WORK=/tmp/palisade-propagation
#   JAVA=java  JAR (target/palisade.jar)  SKIP_BUILD=0  HEAP=512m
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
A_DNS=${A_DNS:-5311} A_HTTP=${A_HTTP:-5312} B_DNS=${B_DNS:-5313} B_HTTP=${B_HTTP:-5314}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PG_DB=${PG_DB:-palisade_propagation}
TOKEN=pal_propagationpropagationpropagation00
mkdir -p "$WORK/logs" "$WORK/results"
RESULTS=$WORK/results/propagation-$(date +%Y%m%d-%H%M%S).txt

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

. "$HERE/processes.sh"

for tool in "$JAVA" python3 psql createdb curl dig; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 2; }
done
JAR=${JAR:-$ROOT/target/palisade.jar}
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

start_node() { # NAME DNS_PORT HTTP_PORT LISTEN -> appends to PIDS
    "$JAVA" -Xmx"$HEAP" -XX:+UseShenandoahGC -jar "$JAR" --spring.profiles.active=postgres \
        --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$PG_DB" \
        --spring.datasource.username="$PGUSER" --spring.datasource.password="${PGPASSWORD:-}" \
        --palisade.api.bootstrap-token="$TOKEN" \
        --palisade.cluster.node-name="$1" --palisade.cluster.listen="$4" \
        --palisade.cluster.poll-interval="$POLL_INTERVAL" \
        --palisade.index.file="$WORK/$1.index" \
        --palisade.dns.address=127.0.0.1 --palisade.dns.port="$2" \
        --server.address=127.0.0.1 --server.port="$3" >"$WORK/logs/$1-$MODE.log" 2>&1 &
    PIDS+=($!)
}
wait_node() { # NAME HTTP_PORT
    local pid=${PIDS[-1]}
    for _ in $(seq 1 480); do
        curl -fsS -o /dev/null "http://127.0.0.1:$2/actuator/health" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    log "$1 did not start:"
    tail -30 "$WORK/logs/$1-$MODE.log" >&2
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
    log "$MODE: $WRITES writes through node A, answered by node B"
    python3 "$HERE/propagation.py" --api "http://127.0.0.1:$A_HTTP/api/v1" --token "$TOKEN" \
        --account prop --dns-port "$B_DNS" --writes "$WRITES" --label "$MODE" | tee -a "$RESULTS"
    cleanup
done
log "results in $RESULTS"
