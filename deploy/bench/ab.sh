#!/usr/bin/env bash
# Two Palisade builds against each other on the benchmark's data: DNS cost only.
#
#   deploy/bench/ab.sh A.jar B.jar          (after one deploy/bench/run.sh on this machine)
#
# Both jars start side by side on the 1M-entry database and index file that run.sh left in $WORK
# (DB=postgres: the PostgreSQL database, shared; DB=h2: a copy of the H2 database for each jar),
# pinned to SERVER_CPU; while one is measured the other is stopped (SIGSTOP), as in run.sh. After
# WARMUP seconds of load each, ROUNDS rounds alternate the order and measure each jar at a fixed
# RATE and (SATURATION=1) at saturation, printing queries per server CPU-second and the medians,
# and for the fixed rate the answering threads' CPU against the background's (threadcpu.py), the
# p99 of the answered queries and how many were lost (a server that drops queries when its receive
# buffer fills has a lower p99 for it: read the two together).
# Use it to ask "does this change cost DNS time?": run.sh's rounds compare with rbldnsd and
# include start-up and writes; this compares two builds only, in fresh JVMs, and needs ~6 min.
# To compare what two builds' background work costs, run each round over two statistics flushes:
#   DB=h2 ROUNDS=2 DUR=150 RATE=100000 SATURATION=0 deploy/bench/ab.sh A.jar B.jar
#
# Environment (defaults): WORK=/tmp/palisade-bench SIZE=1000000 ROUNDS=4 DUR=10 WARMUP=60
#   RATE=136000 (q/s, about 80% of rbldnsd's saturation here) SATURATION=1 SERVER_CPU=0
#   CLIENT_CPU=1 DB=postgres HEAP=1g PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PG_DB=palisade_bench
#   DNS_PORTS="5412 5413" HTTP_PORTS="5512 5513" (A's and B's) START_TIMEOUT=180 (s, to first answer)
#   STOP_WAIT=60 (s from SIGTERM to the end of each JVM; longer and it is killed, and the run fails)
#   RRL_ARGS=--palisade.dns.rrl.exempt=127.0.0.1 (qblast sends from 127.0.0.1; without the
#   exemption response rate limiting would cap it; a build without rate limiting ignores it)
#   JVM_OPTS="-XX:+UseShenandoahGC" (both jars' JVM options besides the heap), A_JVM_OPTS and
#   B_JVM_OPTS (one jar's, default JVM_OPTS): the same jar twice with two sets of options compares
#   the options
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[[ $# == 2 && -f $1 && -f $2 ]] || { echo "usage: $0 A.jar B.jar" >&2; exit 2; }
WORK=${WORK:-/tmp/palisade-bench}; SIZE=${SIZE:-1000000}
ROUNDS=${ROUNDS:-4}; DUR=${DUR:-10}; WARMUP=${WARMUP:-60}; RATE=${RATE:-136000}
SERVER_CPU=${SERVER_CPU:-0}; CLIENT_CPU=${CLIENT_CPU:-1}; SATURATION=${SATURATION:-1}; DB=${DB:-postgres}; HEAP=${HEAP:-1g}
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}
PGDB=${PG_DB:-palisade_bench}_$SIZE
RRL_ARGS=${RRL_ARGS:---palisade.dns.rrl.exempt=127.0.0.1}
DATA=$WORK/data-$SIZE; QBLAST=$WORK/bin/qblast; TCK=$(getconf CLK_TCK)
[[ -x $QBLAST && -f $DATA/queries.tsv ]] || { echo "no dataset in $WORK: run deploy/bench/run.sh first" >&2; exit 2; }
read -r -a PORTS <<<"${DNS_PORTS:-5412 5413}"; read -r -a HTTP <<<"${HTTP_PORTS:-5512 5513}"
JARS=("$1" "$2"); NAMES=(A B)
JVM_OPTS=${JVM_OPTS--XX:+UseShenandoahGC}; OPTS=("${A_JVM_OPTS-$JVM_OPTS}" "${B_JVM_OPTS-$JVM_OPTS}")
# Both JVMs are stopped on every exit path, and made sure of: one still running 60 s after SIGTERM
# is killed and the script fails.
. "$HERE/processes.sh"
for i in 0 1; do
    index=$WORK/ab-${NAMES[$i]}.index
    cp "$WORK/palisade-$SIZE-$DB.index" "$index" 2>/dev/null || rm -f "$index"
    case $DB in
    postgres) db=(--spring.profiles.active=postgres --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$PGDB"
        --spring.datasource.username="$PGUSER") ;;
    h2) [[ -d $DATA/palisade-db ]] || { echo "no H2 database in $DATA: run deploy/bench/run.sh first" >&2; exit 2; }
        rm -rf "$WORK/ab-${NAMES[$i]}-db"; cp -r "$DATA/palisade-db" "$WORK/ab-${NAMES[$i]}-db"
        db=(--spring.datasource.url="jdbc:h2:file:$WORK/ab-${NAMES[$i]}-db/palisade") ;;
    *) echo "DB must be postgres or h2" >&2; exit 2 ;;
    esac
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" java ${OPTS[$i]} -Xms"$HEAP" -Xmx"$HEAP" -jar "${JARS[$i]}" "${db[@]}" \
        --palisade.dns.base-zone=rbl.bench.test --palisade.dns.port="${PORTS[$i]}" --palisade.dns.udp-threads=1 \
        --server.port="${HTTP[$i]}" --palisade.index.file="$index" --palisade.samples.import-on-empty=false \
        $RRL_ARGS >"$WORK/logs/ab-${NAMES[$i]}.log" 2>&1 &
    PIDS+=($!)
done
for i in 0 1; do
    python3 "$HERE/dnscheck.py" wait --port "${PORTS[$i]}" --queries "$DATA/queries.tsv" --since "$(date +%s.%N)" \
        --timeout "${START_TIMEOUT:-180}" --pid "${PIDS[$i]}" >/dev/null ||
        { echo "${NAMES[$i]} did not answer; see $WORK/logs/ab-${NAMES[$i]}.log" >&2; exit 1; }
done
# DNS answers before the rest has started (web UI, API, the scheduled jobs): measured before that,
# a jar's background would be its start-up, and its statistics jobs would not run yet.
for i in 0 1; do
    for _ in $(seq 1 "${START_TIMEOUT:-180}"); do
        grep -q 'Started PalisadeApplication' "$WORK/logs/ab-${NAMES[$i]}.log" && break
        kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "${NAMES[$i]} died; see its log" >&2; exit 1; }
        sleep 1
    done
    grep -q 'Started PalisadeApplication' "$WORK/logs/ab-${NAMES[$i]}.log" ||
        { echo "${NAMES[$i]} did not finish starting; see $WORK/logs/ab-${NAMES[$i]}.log" >&2; exit 1; }
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
snap() {   # PID FILE: threads, PostgreSQL backends, /proc/stat (threadcpu.py)
    local backends=""
    [[ $DB != postgres ]] || backends=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -X -tA -d postgres -c \
        "select pid from pg_stat_activity where datname = '$PGDB' and pid <> pg_backend_pid()" | xargs)
    # shellcheck disable=SC2086
    python3 "$HERE/threadcpu.py" snap "$1" $backends >"$2"
}
measure() {   # I TAG qblast-args... : prints "NAME TAG q_per_cpu_s dns_cpu_s=... bg_share=..."
    local i=$1 tag=$2 other=$((1 - $1)) c0 c1 out done_ split bg p99 lost
    shift 2
    kill -STOP "${PIDS[$other]}"
    snap "${PIDS[$i]}" "$WORK/logs/ab-cpu0.json"
    c0=$(cpu "${PIDS[$i]}")
    out=$(taskset -c "$CLIENT_CPU" "$QBLAST" -p "${PORTS[$i]}" -f "$DATA/queries.tsv" "$@" | grep '^RESULT') ||
        { kill -CONT "${PIDS[$other]}"; echo "${NAMES[$i]} answered wrongly" >&2; exit 1; }
    c1=$(cpu "${PIDS[$i]}")
    snap "${PIDS[$i]}" "$WORK/logs/ab-cpu1.json"
    kill -CONT "${PIDS[$other]}"
    done_=$(sed -E 's/.*completed=([0-9]+).*/\1/' <<<"$out")
    p99=$(sed -E 's/.*p99_us=([0-9.]+).*/\1/' <<<"$out"); lost=$(sed -E 's/.*lost=([0-9]+).*/\1/' <<<"$out")
    grep -q 'mismatches=0' <<<"$out" || { echo "${NAMES[$i]}: $out" >&2; exit 1; }
    python3 "$HERE/threadcpu.py" diff --threads "$WORK/logs/ab-cpu0.json" "$WORK/logs/ab-cpu1.json" \
        >"$WORK/logs/ab-threads-${NAMES[$i]}-$tag.txt"
    split=$(head -1 "$WORK/logs/ab-threads-${NAMES[$i]}-$tag.txt")
    bg=$(grep -oE '(bg|db)_cpu_s=[0-9.]+' <<<"$split" | cut -d= -f2 | paste -sd+ | bc -l)
    printf '%s %s %.0f completed=%s lost=%s p99_us=%s bg_s_per_100k=%.3f %s\n' "${NAMES[$i]}" "$tag" \
        "$(echo "$done_ / (($c1 - $c0) / $TCK)" | bc -l)" "$done_" "$lost" "$p99" \
        "$(echo "$bg * 100000 / $((done_ > 0 ? done_ : 1))" | bc -l)" "$split"
    [[ $tag == warmup ]] || sed 1d "$WORK/logs/ab-threads-${NAMES[$i]}-$tag.txt" | head -"${THREADS:-12}" >&2
}
results=$(mktemp)
for i in 0 1; do measure "$i" warmup -l "$WARMUP" -q 100 -b 16 -c 4 -k 16 >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
    if ((r % 2)); then order="0 1"; else order="1 0"; fi
    for i in $order; do
        measure "$i" rate -l "$DUR" -Q "$RATE" -q 2000 -b 4 -c 4 | tee -a "$results"
        [[ $SATURATION != 1 ]] || measure "$i" saturation -l "$DUR" -q 100 -b 16 -c 4 | tee -a "$results"
    done
done
med() { sort -g | awk '{v[NR]=$1} END {print (NR == 0 ? 0 : NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo "at $RATE q/s, median of $ROUNDS rounds: background work ((background threads + database backends) / answering threads), qblast's p99 of the answered queries and the queries lost (unanswered: a p99 is only comparable with the losses beside it)"
for n in A B; do
    printf '%s  bg_share %s  steal_pct %s  p99_us %s  lost %s\n' "$n" \
        "$(awk -v n=$n '$1==n && $2=="rate"' "$results" | grep -o 'bg_share=[^ ]*' | cut -d= -f2 | med)" \
        "$(awk -v n=$n '$1==n && $2=="rate"' "$results" | grep -o 'steal_pct=[^ ]*' | cut -d= -f2 | med)" \
        "$(awk -v n=$n '$1==n && $2=="rate"' "$results" | grep -o 'p99_us=[^ ]*' | cut -d= -f2 | med)" \
        "$(awk -v n=$n '$1==n && $2=="rate"' "$results" | grep -o ' lost=[^ ]*' | cut -d= -f2 | med)"
done
echo "queries per server CPU-second, median of $ROUNDS rounds (A = $1, B = $2):"
for tag in rate $([[ $SATURATION != 1 ]] || echo saturation); do
    a=$(awk -v t=$tag '$1=="A" && $2==t {print $3}' "$results" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}')
    b=$(awk -v t=$tag '$1=="B" && $2==t {print $3}' "$results" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}')
    printf '%-10s A %8.0f  B %8.0f  B/A %.3f\n' "$tag" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
rm -f "$results"
