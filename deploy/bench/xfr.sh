#!/usr/bin/env bash
# Zone transfers on the benchmark's data: AXFR of the 1M-entry zone (seconds, records, bytes,
# Palisade's heap during it), DNS answers per second before and while the AXFR runs, IXFR of 100
# changes, and how long a write through the API takes to be answered by Knot, BIND and NSD
# secondaries that NOTIFY tells and that fetch the change by IXFR (p50/p99 of PROPAGATIONS writes).
#
#   deploy/bench/xfr.sh [JAR]        (after one deploy/bench/run.sh on this machine)
#
# Starts JAR (default target/palisade.jar) on the 1M-entry PostgreSQL database and index file that
# run.sh left in $WORK, with transfers allowed from 127.0.0.1, and asks it with dig (bind9-dnsutils)
# over TCP. The heap is sampled with jstat every 100 ms while the transfer runs: "heap_before" is
# the used heap just before, "heap_peak" the most seen during it.
#
# Environment (defaults): WORK=/tmp/palisade-bench SIZE=1000000 PORT=5422 HTTP=PORT+100
#   KNOT_PORT=PORT+1 BIND_PORT=PORT+2 NSD_PORT=PORT+3 PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
#   PG_DB=palisade_bench HEAP=1g CHANGES=100 PROPAGATIONS=50 QPS_SECONDS=10
#   KNOT_IO_TIMEOUT_MS=120000 SERVER_ENTRIES=1000 SECONDARIES="knot bind nsd" (those installed: knotd from Debian's
#   knot, named from bind9, nsd from nsd; with none the propagation lines are skipped)
# Each secondary is configured as deploy/secondaries.md recommends for large zones, with the zone
# listed by name and no key (the transfers stay on 127.0.0.1).
# The load and steal time (from /proc/stat) during the run are printed last: the machine may be
# shared, and every figure above depends on them.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${1:-$ROOT/target/palisade.jar}
WORK=${WORK:-/tmp/palisade-bench}; SIZE=${SIZE:-1000000}
PORT=${PORT:-5422}; HTTP=${HTTP:-$((PORT + 100))}; HEAP=${HEAP:-1g}; CHANGES=${CHANGES:-100}
KNOT_PORT=${KNOT_PORT:-$((PORT + 1))}; BIND_PORT=${BIND_PORT:-$((PORT + 2))}; NSD_PORT=${NSD_PORT:-$((PORT + 3))}
SECONDARIES=${SECONDARIES:-knot bind nsd}; SERVER_ENTRIES=${SERVER_ENTRIES:-1000}; KNOT_IO_TIMEOUT_MS=${KNOT_IO_TIMEOUT_MS:-120000}; PROPAGATIONS=${PROPAGATIONS:-50}; QPS_SECONDS=${QPS_SECONDS:-10}
QBLAST=$WORK/bin/qblast
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
DB=${PG_DB:-palisade_bench}_$SIZE
DATA=$WORK/data-$SIZE
TOKEN=pal_benchbenchbenchbenchbenchbenchbench00
ZONE=bench.bl.rbl.bench.test
[[ -f $JAR ]] || { echo "no $JAR: build it (./mvnw -q -DskipTests package) or name a jar" >&2; exit 2; }
[[ -f $DATA/queries.tsv ]] || { echo "no dataset in $WORK: run deploy/bench/run.sh first" >&2; exit 2; }
command -v dig >/dev/null || { echo "dig is missing (apt-get install bind9-dnsutils)" >&2; exit 2; }
mkdir -p "$WORK/logs"
if [[ ! -x $QBLAST || $HERE/qblast.c -nt $QBLAST ]]; then
    mkdir -p "$WORK/bin"; gcc -O2 -Wall -o "$QBLAST" "$HERE/qblast.c"
fi
PID=; SAMPLER=; BLAST=; SECONDARY_PIDS=()
cleanup() {
    [[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null || true
    [[ -n $BLAST ]] && kill "$BLAST" 2>/dev/null || true
    local p i
    for p in "${SECONDARY_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    # A secondary busy applying a change may take a while to stop: at most 30 s, then KILL.
    for p in "${SECONDARY_PIDS[@]}"; do
        for i in $(seq 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$p" 2>/dev/null || true
    done
    [[ -n $PID ]] && kill "$PID" 2>/dev/null || true
}
trap cleanup EXIT
# cpu_ticks: total and steal jiffies of all CPUs, for the steal share of the run.
cpu_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9}' /proc/stat; }
read -r ticks0 steal0 < <(cpu_ticks)
load0=$(cut -d' ' -f1 /proc/loadavg)
# Secondaries of the address zone, told of changes by NOTIFY (configured before Palisade starts,
# which reads their addresses at start-up), started after the AXFR and IXFR are measured.
notify=(); names=(); ports=(); starts=()
add_secondary() {   # NAME PORT COMMAND...
    notify+=("--palisade.transfer.notify[${#names[@]}].address=127.0.0.1:$2")
    names+=("$1"); ports+=("$2"); starts+=("${*:3}")
}
for s in $SECONDARIES; do
    case $s in
    knot)
        command -v knotd >/dev/null || { echo "knotd is missing: no Knot secondary" >&2; continue; }
        kdir=$WORK/knot; rm -rf "$kdir"; mkdir -p "$kdir/data"
        cat >"$kdir/knot.conf" <<KNOT
server:
    listen: 127.0.0.1@$KNOT_PORT
    rundir: $kdir
    # Knot gives up a transfer after 5 s without data; a first AXFR may take longer to start.
    tcp-remote-io-timeout: $KNOT_IO_TIMEOUT_MS
database:
    storage: $kdir/data
log:
  - target: $WORK/logs/xfr-knot.log
    any: info
remote:
  - id: palisade
    address: 127.0.0.1@$PORT
acl:
  - id: notify-from-palisade
    address: 127.0.0.1
    action: notify
template:
  - id: default
    storage: $kdir/data
    # As deploy/secondaries.md recommends for large zones: no zone file rewritten after each change.
    zonefile-sync: -1
    zonefile-load: none
    journal-content: changes
zone:
  - domain: $ZONE
    master: palisade
    acl: notify-from-palisade
KNOT
        add_secondary knot "$KNOT_PORT" knotd -c "$kdir/knot.conf" ;;
    bind)
        command -v named >/dev/null || { echo "named is missing: no BIND secondary" >&2; continue; }
        bdir=$WORK/bind; rm -rf "$bdir"; mkdir -p "$bdir"
        cat >"$bdir/named.conf" <<BIND
controls { };
options {
    directory "$bdir";
    pid-file none;
    session-keyfile "session.key";
    managed-keys-directory "$bdir";
    listen-on port $BIND_PORT { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    notify no;
    # No trust anchor upkeep: it would send queries to the root servers.
    dnssec-validation no;
};
zone "$ZONE" {
    type secondary;
    file "$ZONE.db";
    primaries { 127.0.0.1 port $PORT; };
};
BIND
        add_secondary bind "$BIND_PORT" named -g -4 -n 1 -c "$bdir/named.conf" ;;
    nsd)
        command -v nsd >/dev/null || { echo "nsd is missing: no NSD secondary" >&2; continue; }
        ndir=$WORK/nsd; rm -rf "$ndir"; mkdir -p "$ndir"
        cat >"$ndir/nsd.conf" <<NSD
server:
    ip-address: 127.0.0.1@$NSD_PORT
    username: ""
    database: ""
    zonesdir: "$ndir"
    pidfile: "$ndir/nsd.pid"
    xfrdfile: "$ndir/xfrd.state"
    xfrdir: "$ndir"
    zonelistfile: "$ndir/zone.list"
    server-count: 1
    do-ip6: no
    verbosity: 2
    rrl-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: $ZONE
    zonefile: "%s.zone"
    request-xfr: 127.0.0.1@$PORT NOKEY
    allow-notify: 127.0.0.1 NOKEY
NSD
        add_secondary nsd "$NSD_PORT" nsd -d -c "$ndir/nsd.conf" ;;
    *) echo "unknown secondary $s (SECONDARIES: knot bind nsd)" >&2; exit 2 ;;
    esac
done
index=$WORK/xfr.index
cp "$WORK/palisade-$SIZE-postgres.index" "$index" 2>/dev/null || rm -f "$index"
java -Xms"$HEAP" -Xmx"$HEAP" -jar "$JAR" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" --spring.datasource.username="$PGUSER" \
    --palisade.dns.base-zone=rbl.bench.test --palisade.dns.port="$PORT" --server.port="$HTTP" \
    --palisade.index.file="$index" --palisade.samples.import-on-empty=false \
    --palisade.api.bootstrap-token="$TOKEN" --palisade.transfer.allow=127.0.0.1/32 "${notify[@]}" \
    >"$WORK/logs/xfr.log" 2>&1 &
PID=$!
python3 "$HERE/dnscheck.py" wait --port "$PORT" --queries "$DATA/queries.tsv" --timeout 300 --pid "$PID" >/dev/null ||
    { echo "Palisade did not answer; see $WORK/logs/xfr.log" >&2; exit 1; }
# DNS answers before the web part (the API) has started: wait for that too, at most 10 minutes.
for _ in $(seq 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$HTTP/api/v1/accounts/bench") == 200 ]] && break
    kill -0 "$PID" 2>/dev/null || { echo "Palisade stopped; see $WORK/logs/xfr.log" >&2; exit 1; }
    sleep 1
done

used_kb() { jstat -gc "$PID" | awk 'NR == 2 {printf "%.0f", $3 + $4 + $6 + $8}'; }
before=$(used_kb)
jstat -gc "$PID" 100 | awk 'NR > 1 {u = $3 + $4 + $6 + $8; if (u > m) m = u; print m; fflush()}' \
    >"$WORK/logs/xfr-heap.txt" &
SAMPLER=$!
qps() { sed -n 's/^RESULT qps=\([0-9.]*\).*/\1/p' "$1"; }
"$QBLAST" -p "$PORT" -f "$DATA/queries.tsv" -l "$QPS_SECONDS" -k 16 >"$WORK/logs/xfr-qps-idle.txt" 2>&1 || true
"$QBLAST" -p "$PORT" -f "$DATA/queries.tsv" -l 600 -k 16 >"$WORK/logs/xfr-qps-axfr.txt" 2>&1 &
BLAST=$!
sleep 1
t0=$(date +%s.%N)
dig +tcp +tries=1 +timeout=600 -p "$PORT" @127.0.0.1 "$ZONE" AXFR +onesoa >"$WORK/logs/xfr-axfr.txt"
t1=$(date +%s.%N)
kill -TERM "$BLAST" 2>/dev/null || true; wait "$BLAST" 2>/dev/null || true; BLAST=
sleep 0.3
kill "$SAMPLER" 2>/dev/null || true; SAMPLER=
peak=$(tail -n 1 "$WORK/logs/xfr-heap.txt")
xfr=$(grep -o 'XFR size: .*' "$WORK/logs/xfr-axfr.txt" || echo "XFR size: (none: see $WORK/logs/xfr-axfr.txt)")
printf 'axfr zone=%s seconds=%.2f %s heap_before_mb=%d heap_peak_mb=%d heap_max=%s\n' \
    "$ZONE" "$(echo "$t1 - $t0" | bc -l)" "$xfr" $((before / 1024)) $((${peak%.*} / 1024)) "$HEAP"
printf 'answers qps_idle=%s qps_during_axfr=%s (qblast, closed loop, 127.0.0.1)\n' \
    "$(qps "$WORK/logs/xfr-qps-idle.txt")" "$(qps "$WORK/logs/xfr-qps-axfr.txt")"

# post URL BODY: POSTs JSON with the token; prints the answer, or the status and answer to stderr.
post() {
    local status
    status=$(curl -s -o "$WORK/logs/xfr-api.txt" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --max-time 300 --data "$2" "$1") || status="curl failed ($?)"
    if [[ $status != 2?? ]]; then
        echo "POST $1: $status $(head -c 500 "$WORK/logs/xfr-api.txt")" >&2
        return 1
    fi
    cat "$WORK/logs/xfr-api.txt"
}

# IXFR: CHANGES new addresses in one bulk write, then the difference from the serial before.
serial=$(dig +short -p "$PORT" @127.0.0.1 "$ZONE" SOA | awk '{print $3}')
body=$(python3 -c "import json,sys; n=int(sys.argv[1]); print(json.dumps({'entries': [{'list': 'block', 'value': '198.18.%d.%d' % (i // 250, 1 + i % 250)} for i in range(n)]}))" "$CHANGES")
post http://127.0.0.1:$HTTP/api/v1/accounts/bench/entries/bulk "$body" >/dev/null ||
    echo "the bulk write failed (the ixfr line is of no change); see $WORK/logs/xfr.log" >&2
t0=$(date +%s.%N)
dig +tcp +tries=1 +timeout=600 -p "$PORT" @127.0.0.1 "$ZONE" "IXFR=$serial" >"$WORK/logs/xfr-ixfr.txt"
t1=$(date +%s.%N)
records=$(grep -c -v '^;\|^$' "$WORK/logs/xfr-ixfr.txt" || true)
printf 'ixfr zone=%s changes=%d from_serial=%s seconds=%.3f records=%d\n' \
    "$ZONE" "$CHANGES" "$serial" "$(echo "$t1 - $t0" | bc -l)" "$records"
# Leave the benchmark's data as it was.
for i in $(seq 0 $((CHANGES - 1))); do
    curl -sf -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$HTTP/api/v1/accounts/bench/entries?list=block&value=198.18.$((i / 250)).$((1 + i % 250))" || true
done

# A mail server's zone is merged (the account's entries and its own): one with SERVER_ENTRIES
# addresses of its own, transferred whole beside the account's zone above, then deleted again.
api=http://127.0.0.1:$HTTP/api/v1/accounts/bench
auth=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
curl -sf -X DELETE "${auth[@]}" "$api/servers/xfr-mx1" >/dev/null 2>&1 || true
label=$(post "$api/servers" '{"name": "xfr-mx1"}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["scope"]["zoneLabel"])') ||
    { echo "creating a mail server failed; see $WORK/logs/xfr.log" >&2; exit 1; }
body=$(python3 -c "import json,sys; n=int(sys.argv[1]); print(json.dumps({'entries': [{'list': 'block', 'value': '198.19.%d.%d' % (i // 250, 1 + i % 250)} for i in range(n)]}))" "$SERVER_ENTRIES")
post "$api/servers/xfr-mx1/entries/bulk" "$body" >/dev/null ||
    { echo "the mail server's bulk write failed; see $WORK/logs/xfr.log" >&2; exit 1; }
t0=$(date +%s.%N)
dig +tcp +tries=1 +timeout=600 -p "$PORT" @127.0.0.1 "$label.bl.rbl.bench.test" AXFR +onesoa >"$WORK/logs/xfr-axfr-server.txt"
t1=$(date +%s.%N)
printf 'merged zone=%s own_entries=%d seconds=%.2f %s\n' "$label.bl.rbl.bench.test" "$SERVER_ENTRIES" \
    "$(echo "$t1 - $t0" | bc -l)" "$(grep -o 'XFR size: .*' "$WORK/logs/xfr-axfr-server.txt" || echo 'XFR size: (none)')"
curl -sf -o /dev/null -X DELETE "${auth[@]}" "$api/servers/xfr-mx1" || true

# Write -> secondaries: each loads the zone by AXFR first, then each write is timed until every
# secondary answers it (NOTIFY, then IXFR).
if [[ ${#names[@]} -gt 0 ]]; then
    soa() { dig +short -p "$1" @127.0.0.1 "$ZONE" SOA 2>/dev/null | awk '{print $3}'; }
    t0=$(date +%s.%N)
    for i in "${!names[@]}"; do
        # shellcheck disable=SC2086
        ${starts[$i]} >>"$WORK/logs/xfr-${names[$i]}.log" 2>&1 &
        SECONDARY_PIDS+=($!)
    done
    for i in "${!names[@]}"; do
        for _ in $(seq 1800); do
            [[ $(soa "${ports[$i]}") == "$(soa "$PORT")" ]] && break
            sleep 0.5
        done
        t1=$(date +%s.%N)
        printf 'secondary %s loaded_serial=%s seconds_to_load=%.1f\n' "${names[$i]}" "$(soa "${ports[$i]}")" "$(echo "$t1 - $t0" | bc -l)"
    done
    python3 "$HERE/propagation.py" --api "http://127.0.0.1:$HTTP/api/v1" --token "$TOKEN" \
        --account bench --base rbl.bench.test --dns-port "${ports[@]}" --writes "$PROPAGATIONS" \
        --label "${names[@]}" --timeout 60 || echo "propagation failed; see $WORK/logs" >&2
    # propagation.py writes 198.18.0.0, 198.18.0.1, ...: take them out again.
    for i in $(seq 0 $((PROPAGATIONS - 1))); do
        curl -sf -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" \
            "http://127.0.0.1:$HTTP/api/v1/accounts/bench/entries?list=block&value=198.$((18 + (i >> 16 & 1))).$((i >> 8 & 255)).$((i & 255))" || true
    done
fi
read -r ticks1 steal1 < <(cpu_ticks)
printf 'machine load_start=%s load_end=%s steal_pct=%.1f cores=%d\n' "$load0" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$(echo "100 * ($steal1 - $steal0) / ($ticks1 - $ticks0)" | bc -l)" "$(nproc)"
