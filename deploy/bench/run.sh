#!/usr/bin/env bash
# Palisade against rbldnsd on the same seeded data, side by side, on 127.0.0.1 only.
#
#   deploy/bench/run.sh [quick|full]        (default quick; see README.md in this directory)
#
# Environment (defaults): WORK=/tmp/palisade-bench SERVER_CPU=0 CLIENT_CPU=1
#   SIZES ("1000000"; full: "1000000 10000000")  ROUNDS (3; full 5)  DUR (10; full 20)
#   GC_SECS=60  IMPORT_TIMEOUT=1800  JAVA=java  PALISADE_GC="-XX:+UseShenandoahGC"
#   PALISADE_HEAP (per size: 1g per 1M entries, at least 1g)  SKIP_BUILD=0
# Every process this script starts is tracked by PID and stopped on every exit path; every
# wait is bounded in time.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODE=${1:-quick}
case $MODE in
quick) : "${SIZES:=1000000}" "${ROUNDS:=3}" "${DUR:=10}" ;;
full) : "${SIZES:=1000000 10000000}" "${ROUNDS:=5}" "${DUR:=20}" ;;
*) echo "usage: $0 [quick|full]" >&2; exit 2 ;;
esac
WORK=${WORK:-/tmp/palisade-bench}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
GC_SECS=${GC_SECS:-60}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-1800}
JAVA=${JAVA:-java}
PALISADE_GC=${PALISADE_GC:--XX:+UseShenandoahGC}
RBL_PORT=${RBL_PORT:-5301}
PAL_PORT=${PAL_PORT:-5302}
BASE_ZONE=rbl.bench.test
CLK_TCK=$(getconf CLK_TCK)
mkdir -p "$WORK/bin" "$WORK/logs" "$WORK/results"
RESULTS=$WORK/results/$MODE-$(date +%Y%m%d-%H%M%S).txt

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
emit() { echo "$*" | tee -a "$RESULTS"; }

# ---- processes: tracked, always stopped ----------------------------------------------------
PIDS=()
stop_pid() {
    local pid=$1 i
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
    PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() { local keep=() p; for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done; PIDS=("${keep[@]}"); }

# ---- tools ---------------------------------------------------------------------------------
need=()
command -v rbldnsd >/dev/null || need+=(rbldnsd)
command -v dnsperf >/dev/null || need+=(dnsperf)
command -v gcc >/dev/null || need+=(gcc)
if ((${#need[@]})); then
    log "installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
QBLAST=$WORK/bin/qblast
if [[ ! -x $QBLAST || $HERE/qblast.c -nt $QBLAST ]]; then
    gcc -O2 -Wall -o "$QBLAST" "$HERE/qblast.c"
fi
JAR=$ROOT/target/palisade.jar
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
now() { date +%s.%N; }

# ---- servers -------------------------------------------------------------------------------
start_rbldnsd() {   # DATA -> RBL_PID, RBL_READY_S
    local data=$1 t0
    t0=$(now)
    taskset -c "$SERVER_CPU" rbldnsd -n -u rbldns -a -t 300 -c 0 -b "127.0.0.1/$RBL_PORT" \
        "bench.bl.$BASE_ZONE:ip4set:$data/ip4set.txt" "bench.bl.$BASE_ZONE:ip6trie:$data/ip6trie.txt" \
        "bench.dbl.$BASE_ZONE:dnset:$data/dnset.txt" >"$WORK/logs/rbldnsd.log" 2>&1 &
    RBL_PID=$!
    PIDS+=("$RBL_PID")
    RBL_READY_S=$(python3 "$HERE/dnscheck.py" wait --port "$RBL_PORT" --queries "$data/queries.tsv" \
        --since "$t0" --timeout 600 --pid "$RBL_PID") || { cat "$WORK/logs/rbldnsd.log" >&2; exit 1; }
}

start_palisade() {   # DATA HEAP TIMEOUT EXTRA... -> PAL_PID, PAL_READY_S (or TIMEOUT)
    local data=$1 heap=$2 timeout=$3 t0
    shift 3
    t0=$(now)
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" "$JAVA" $PALISADE_GC -Xms"$heap" -Xmx"$heap" \
        -Xlog:gc*:file="$WORK/logs/palisade-gc.log":uptime,level,tags \
        -jar "$JAR" \
        --palisade.dns.base-zone=$BASE_ZONE --palisade.dns.port="$PAL_PORT" --palisade.dns.udp-threads=1 \
        --server.port=0 --spring.datasource.url="jdbc:h2:file:$data/palisade-db/palisade" \
        --palisade.samples.directory="$data" --palisade.samples.import-on-empty=true "$@" \
        >"$WORK/logs/palisade.log" 2>&1 &
    PAL_PID=$!
    PIDS+=("$PAL_PID")
    PAL_READY_S=$(python3 "$HERE/dnscheck.py" wait --port "$PAL_PORT" --queries "$data/queries.tsv" \
        --since "$t0" --timeout "$timeout" --pid "$PAL_PID") || true
}

# Stopgap while the import path is slow for large files: writes the dataset's entries.csv
# straight into Palisade's H2 database (schema by Palisade's own migrations, run by one start
# without import), then Palisade starts from it as from any database.
load_palisade_sql() {   # DATA
    local data=$1 i
    rm -rf "$data/palisade-db"
    "$JAVA" -Xmx1g -jar "$JAR" --palisade.dns.port=0 --server.port=0 --palisade.samples.import-on-empty=false \
        --spring.datasource.url="jdbc:h2:file:$data/palisade-db/palisade" >"$WORK/logs/palisade-schema.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    for i in $(seq 1 600); do
        grep -q 'Started PalisadeApplication' "$WORK/logs/palisade-schema.log" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    stop_pid "$pid"; forget "$pid"
    grep -q 'Started PalisadeApplication' "$WORK/logs/palisade-schema.log" || {
        tail -20 "$WORK/logs/palisade-schema.log" >&2; exit 1; }
    local h2; h2=$(unzip -Z1 "$JAR" | grep -m1 'BOOT-INF/lib/h2-.*\.jar')
    unzip -o -q -j "$JAR" "$h2" -d "$WORK/bin"
    cat >"$WORK/logs/load.sql" <<SQL
insert into account (slug, name, created_at) values ('bench', 'Benchmark', current_timestamp);
insert into scope (account_id, mail_server_id, zone_label, serial)
    select id, null, 'bench', 2 from account where slug = 'bench';
insert into entry (id, scope_id, list_kind, value_type, entry_value, return_code, reason, enabled,
        expires_at, source, created_by, created_at, updated_by, updated_at, version)
    select rownum(), (select id from scope where zone_label = 'bench'), list_kind, value_type,
        entry_value, cast(return_code as integer), nullif(reason, ''), true, null, 'IMPORT', 'bench',
        current_timestamp, 'bench', current_timestamp, 0
    from csvread('$data/entries.csv', null, 'charset=UTF-8');
alter sequence change_serial restart with 3;
alter sequence entry_id_seq restart with $((SIZE + 1000));
SQL
    "$JAVA" -cp "$WORK/bin/$(basename "$h2")" org.h2.tools.RunScript \
        -url "jdbc:h2:file:$data/palisade-db/palisade" -user sa -script "$WORK/logs/load.sql"
}

# profile_import PID: where the main thread spends the import, from 20 stack samples 1 s apart
profile_import() {
    local pid=$1 i
    for i in $(seq 1 20); do
        jstack "$pid" 2>/dev/null | awk '/^"main"/ {f=1} f && /^$/ {exit} f' >"$WORK/logs/import-stack.$i" || true
        sleep 1
    done
    local flush exist persist
    flush=$( (grep -l 'performDirtyCheck\|flushEntities' "$WORK"/logs/import-stack.* || true) | wc -l)
    exist=$( (grep -l 'findByScopeIdAndKindAndValueIn' "$WORK"/logs/import-stack.* || true) | wc -l)
    persist=$( (grep -l 'SessionImpl.persist' "$WORK"/logs/import-stack.* || true) | wc -l)
    emit "server=palisade size=$SIZE test=import-profile samples=20 in_flush_dirty_check=$flush in_existing_lookup=$exist in_persist=$persist"
}

# ---- load ----------------------------------------------------------------------------------
# blast NAME PID PORT DATA TAG [qblast args...]: one qblast run, server CPU measured around it
blast() {
    local name=$1 pid=$2 port=$3 data=$4 tag=$5 c0 c1 t0 t1 out
    shift 5
    c0=$(cpu_ticks "$pid"); t0=$(now)
    out=$(taskset -c "$CLIENT_CPU" "$QBLAST" -p "$port" -f "$data/queries.tsv" "$@") || {
        echo "$out" >&2; log "FAILED: $name answered wrongly (see MISMATCH lines)"; exit 1; }
    t1=$(now); c1=$(cpu_ticks "$pid")
    local line cpu_s
    line=$(grep '^RESULT' <<<"$out" | sed 's/^RESULT //')
    cpu_s=$(echo "($c1 - $c0) / $CLK_TCK" | bc -l)
    emit "$(printf 'server=%s size=%s test=%s %s srv_cpu_s=%.2f wall_s=%.2f' "$name" "$SIZE" "$tag" "$line" \
        "$cpu_s" "$(echo "$t1 - $t0" | bc -l)")"
}

# dnsperf_run NAME PID PORT DATA: dnsperf closed loop (one system call per query)
dnsperf_run() {
    local name=$1 pid=$2 port=$3 data=$4 c0 c1 out
    c0=$(cpu_ticks "$pid")
    out=$(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$port" -d "$data/queries.txt" -l "$DUR" \
        -c 8 -T 1 -q 200 2>&1)
    c1=$(cpu_ticks "$pid")
    emit "$(awk -v n="$name" -v s="$SIZE" -v cpu="$(echo "($c1 - $c0) / $CLK_TCK" | bc -l)" '
        /Queries per second:/ {q=$4} /Queries lost:/ {l=$3}
        END {printf "server=%s size=%s test=dnsperf qps=%.0f lost=%s srv_cpu_s=%.2f", n, s, q, l, cpu}' <<<"$out")"
}

median_of() {   # median_of SERVER TEST FIELD
    grep "server=$1 size=$SIZE test=$2 " "$RESULTS" | grep -o " $3=[^ ]*" | cut -d= -f2 | sort -g |
        awk '{a[NR]=$1} END {if (NR == 0) print 0; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# gc_pauses LOG FROM_LINE: max pause (ms) and pauses over 10 ms in the log after FROM_LINE
gc_pauses() {
    tail -n +"$2" "$1" | grep -oE 'Pause[^(]*.* ([0-9.]+)ms' | grep -oE '[0-9.]+ms$' | tr -d ms |
        awk '{n++; if ($1 > m) m = $1; if ($1 > 10) o++} END {printf "gc_pauses=%d gc_max_ms=%.3f gc_over_10ms=%d", n, m, o}'
}

# ---- one dataset ---------------------------------------------------------------------------
run_size() {
    SIZE=$1
    local data=$WORK/data-$SIZE
    local heap=${PALISADE_HEAP:-$(( (SIZE + 999999) / 1000000 ))g}
    if [[ ! -f $data/meta.json ]]; then
        log "generating $SIZE entries into $data"
        python3 "$HERE/gen-data.py" --entries "$SIZE" --queries 500000 --out "$data" >&2
    fi
    emit "# size=$SIZE data=$data $(tr -d ' \n' <"$data/meta.json")"

    log "rbldnsd: loading $SIZE entries"
    start_rbldnsd "$data"
    emit "server=rbldnsd size=$SIZE test=load ready_s=$RBL_READY_S rss_kb=$(rss_kb "$RBL_PID")"

    if [[ ! -f $data/palisade-db/complete ]]; then
        rm -rf "$data/palisade-db"
        log "palisade: first start, importing $SIZE entries (timeout ${IMPORT_TIMEOUT}s)"
        start_palisade "$data" "$(( ${heap%g} * 4 ))g" "$IMPORT_TIMEOUT"
        emit "server=palisade size=$SIZE test=import ready_s=$PAL_READY_S rss_kb=$(rss_kb "$PAL_PID")"
        if [[ $PAL_READY_S == TIMEOUT || $PAL_READY_S == DIED ]]; then
            log "palisade: import did not finish; last log lines:"
            tail -5 "$WORK/logs/palisade.log" >&2
            profile_import "$PAL_PID"
            stop_pid "$PAL_PID"; forget "$PAL_PID"
            log "palisade: loading the entries with SQL instead (see README)"
            local t0; t0=$(now)
            load_palisade_sql "$data"
            emit "server=palisade size=$SIZE test=sqlload seconds=$(echo "$(now) - $t0" | bc -l | xargs printf '%.1f')"
        fi
        stop_pid "$PAL_PID"; forget "$PAL_PID"
        touch "$data/palisade-db/complete"
    fi
    log "palisade: start from its database"
    start_palisade "$data" "$heap" 600
    [[ $PAL_READY_S != TIMEOUT && $PAL_READY_S != DIED ]] || { tail -20 "$WORK/logs/palisade.log" >&2; exit 1; }
    sleep 2
    emit "server=palisade size=$SIZE test=load ready_s=$PAL_READY_S rss_kb=$(rss_kb "$PAL_PID")"

    local names=(rbldnsd palisade) pids=("$RBL_PID" "$PAL_PID") ports=("$RBL_PORT" "$PAL_PORT") i r
    for i in 0 1; do
        python3 "$HERE/dnscheck.py" check --port "${ports[$i]}" --queries "$data/queries.tsv" --sample 3000 \
            | sed "s/^/# ${names[$i]}: /" | tee -a "$RESULTS" >&2
        [[ ${PIPESTATUS[0]} == 0 ]] || { log "${names[$i]} answers wrongly"; exit 1; }
    done
    log "warm-up"
    for i in 0 1; do blast "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data" warmup -l 10 -q 100 -b 16 -c 4 -k 16 >/dev/null; done

    local order
    for r in $(seq 1 "$ROUNDS"); do
        if ((r % 2)); then order="0 1"; else order="1 0"; fi
        log "saturation round $r/$ROUNDS"
        for i in $order; do
            blast "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data" saturation -l "$DUR" -q 100 -b 16 -c 4
            dnsperf_run "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data"
        done
    done
    local max; max=$(median_of rbldnsd saturation qps)
    local r50 r80; r50=$(printf '%.0f' "$(echo "$max * 0.5" | bc -l)"); r80=$(printf '%.0f' "$(echo "$max * 0.8" | bc -l)")
    emit "# rbldnsd saturation median $max q/s: fixed rates 50% = $r50, 80% = $r80"
    for r in $(seq 1 "$ROUNDS"); do
        if ((r % 2)); then order="0 1"; else order="1 0"; fi
        log "fixed-rate round $r/$ROUNDS"
        for i in $order; do
            blast "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data" rate50 -l "$DUR" -Q "$r50" -q 2000 -b 4 -c 4
            blast "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data" rate80 -l "$DUR" -Q "$r80" -q 2000 -b 4 -c 4
        done
    done
    log "GC: ${GC_SECS}s at 80% on palisade (and the same run on rbldnsd)"
    local from; from=$(( $(wc -l <"$WORK/logs/palisade-gc.log") + 1 ))
    blast rbldnsd "$RBL_PID" "$RBL_PORT" "$data" gc80 -l "$GC_SECS" -Q "$r80" -q 2000 -b 4 -c 4
    blast palisade "$PAL_PID" "$PAL_PORT" "$data" gc80 -l "$GC_SECS" -Q "$r80" -q 2000 -b 4 -c 4
    emit "server=palisade size=$SIZE test=gc $(gc_pauses "$WORK/logs/palisade-gc.log" "$from")"
    emit "server=palisade size=$SIZE test=end rss_kb=$(rss_kb "$PAL_PID")"
    emit "server=rbldnsd size=$SIZE test=end rss_kb=$(rss_kb "$RBL_PID")"
    cp "$WORK/logs/palisade-gc.log" "$WORK/results/$(basename "$RESULTS" .txt)-gc-$SIZE.log"
    stop_pid "$PAL_PID"; forget "$PAL_PID"
    stop_pid "$RBL_PID"; forget "$RBL_PID"
}

emit "# palisade vs rbldnsd, mode=$MODE rounds=$ROUNDS dur=${DUR}s nproc=$(nproc) server_cpu=$SERVER_CPU client_cpu=$CLIENT_CPU"
emit "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); java: $("$JAVA" -version 2>&1 | head -1); gc: $PALISADE_GC"
emit "# commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
for size in $SIZES; do run_size "$size"; done
python3 "$HERE/report.py" "$RESULTS" | tee "${RESULTS%.txt}.md"
log "results: $RESULTS"
