#!/usr/bin/env bash
# Zone transfers on the benchmark's data: AXFR of the 1M-entry zone (seconds, records, bytes,
# Palisade's heap during it) and IXFR of 100 changes.
#
#   deploy/bench/xfr.sh [JAR]        (after one deploy/bench/run.sh on this machine)
#
# Starts JAR (default target/palisade.jar) on the 1M-entry PostgreSQL database and index file that
# run.sh left in $WORK, with transfers allowed from 127.0.0.1, and asks it with dig (bind9-dnsutils)
# over TCP. The heap is sampled with jstat every 100 ms while the transfer runs: "heap_before" is
# the used heap just before, "heap_peak" the most seen during it.
#
# Environment (defaults): WORK=/tmp/palisade-bench SIZE=1000000 PORT=5422 (HTTP: PORT+100)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PG_DB=palisade_bench HEAP=1g CHANGES=100
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${1:-$ROOT/target/palisade.jar}
WORK=${WORK:-/tmp/palisade-bench}; SIZE=${SIZE:-1000000}
PORT=${PORT:-5422}; HTTP=$((PORT + 100)); HEAP=${HEAP:-1g}; CHANGES=${CHANGES:-100}
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
DB=${PG_DB:-palisade_bench}_$SIZE
DATA=$WORK/data-$SIZE
TOKEN=pal_benchbenchbenchbenchbenchbenchbench00
ZONE=bench.bl.rbl.bench.test
[[ -f $JAR ]] || { echo "no $JAR: build it (./mvnw -q -DskipTests package) or name a jar" >&2; exit 2; }
[[ -f $DATA/queries.tsv ]] || { echo "no dataset in $WORK: run deploy/bench/run.sh first" >&2; exit 2; }
command -v dig >/dev/null || { echo "dig is missing (apt-get install bind9-dnsutils)" >&2; exit 2; }
mkdir -p "$WORK/logs"
PID=; SAMPLER=
cleanup() {
    [[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null || true
    [[ -n $PID ]] && kill "$PID" 2>/dev/null || true
}
trap cleanup EXIT
index=$WORK/xfr.index
cp "$WORK/palisade-$SIZE-postgres.index" "$index" 2>/dev/null || rm -f "$index"
java -Xms"$HEAP" -Xmx"$HEAP" -jar "$JAR" --spring.profiles.active=postgres \
    --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB" --spring.datasource.username="$PGUSER" \
    --palisade.dns.base-zone=rbl.bench.test --palisade.dns.port="$PORT" --server.port="$HTTP" \
    --palisade.index.file="$index" --palisade.samples.import-on-empty=false \
    --palisade.api.bootstrap-token="$TOKEN" --palisade.transfer.allow=127.0.0.1/32 \
    >"$WORK/logs/xfr.log" 2>&1 &
PID=$!
python3 "$HERE/dnscheck.py" wait --port "$PORT" --queries "$DATA/queries.tsv" --timeout 300 --pid "$PID" >/dev/null ||
    { echo "Palisade did not answer; see $WORK/logs/xfr.log" >&2; exit 1; }

used_kb() { jstat -gc "$PID" | awk 'NR == 2 {printf "%.0f", $3 + $4 + $6 + $8}'; }
before=$(used_kb)
jstat -gc "$PID" 100 | awk 'NR > 1 {u = $3 + $4 + $6 + $8; if (u > m) m = u; print m; fflush()}' \
    >"$WORK/logs/xfr-heap.txt" &
SAMPLER=$!
t0=$(date +%s.%N)
dig +tcp -p "$PORT" @127.0.0.1 "$ZONE" AXFR +onesoa >"$WORK/logs/xfr-axfr.txt"
t1=$(date +%s.%N)
sleep 0.3
kill "$SAMPLER" 2>/dev/null || true; SAMPLER=
peak=$(tail -n 1 "$WORK/logs/xfr-heap.txt")
xfr=$(grep -o 'XFR size: .*' "$WORK/logs/xfr-axfr.txt" || echo "XFR size: (none: see $WORK/logs/xfr-axfr.txt)")
printf 'axfr zone=%s seconds=%.2f %s heap_before_mb=%d heap_peak_mb=%d heap_max=%s\n' \
    "$ZONE" "$(echo "$t1 - $t0" | bc -l)" "$xfr" $((before / 1024)) $((${peak%.*} / 1024)) "$HEAP"

# IXFR: CHANGES new addresses in one bulk write, then the difference from the serial before.
serial=$(dig +short -p "$PORT" @127.0.0.1 "$ZONE" SOA | awk '{print $3}')
body=$(python3 -c "import json,sys; n=int(sys.argv[1]); print(json.dumps({'entries': [{'list': 'block', 'value': '198.18.%d.%d' % (i // 250, 1 + i % 250)} for i in range(n)]}))" "$CHANGES")
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data "$body" "http://127.0.0.1:$HTTP/api/v1/accounts/bench/entries/bulk" ||
    { echo "the bulk write failed; see $WORK/logs/xfr.log" >&2; exit 1; }
t0=$(date +%s.%N)
dig +tcp -p "$PORT" @127.0.0.1 "$ZONE" "IXFR=$serial" >"$WORK/logs/xfr-ixfr.txt"
t1=$(date +%s.%N)
records=$(grep -c -v '^;\|^$' "$WORK/logs/xfr-ixfr.txt" || true)
printf 'ixfr zone=%s changes=%d from_serial=%s seconds=%.3f records=%d\n' \
    "$ZONE" "$CHANGES" "$serial" "$(echo "$t1 - $t0" | bc -l)" "$records"
# Leave the benchmark's data as it was.
for i in $(seq 0 $((CHANGES - 1))); do
    curl -sf -o /dev/null -X DELETE -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$HTTP/api/v1/accounts/bench/entries?list=block&value=198.18.$((i / 250)).$((1 + i % 250))" || true
done
