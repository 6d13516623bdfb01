#!/usr/bin/env bash
# Palisade against rbldnsd on the same seeded data, side by side, on 127.0.0.1 only.
#
#   deploy/bench/run.sh [quick|full]        (default quick; see README.md in this directory)
#
# Environment (defaults): WORK=/tmp/palisade-bench SERVER_CPU=0 CLIENT_CPU=1
#   SIZES ("1000000"; full: "1000000 10000000")  ROUNDS (3; full 5)  DUR (10; full 20)
#   GC_SECS=60  WARMUP=60  IMPORT_TIMEOUT=1800  JAVA=java  PALISADE_GC="-XX:+UseShenandoahGC"
#   PALISADE_HEAP (per size: 1g per 1M entries, at least 1g)  SKIP_BUILD=0  JAR (target/palisade.jar)
#   PALISADE_CDS=1 (the timed starts run the extracted jar with a class data sharing archive, made
#   by deploy/systemd/palisade-cds.sh as for the service; 0: the plain jar)
#   PALISADE_ARGS (extra Palisade arguments, e.g. --palisade.dns.udp-io=nio)
#   RRL_ARGS (--palisade.dns.rrl.exempt=127.0.0.1: the load generators send from 127.0.0.1, a
#   flood that response rate limiting would cap, so their source is exempt, as a site exempts its
#   own resolvers; the check stays on the measured path)
#   DATABASES ("postgres h2": Palisade is loaded into and started from each; every round runs
#   against the last, the fixed-rate rounds and the background run against each)
#   STARTS=3 (measured restarts per database)  BG_SECS=150 BG_RATE (50% of rbldnsd's maximum):
#   the background run  STEAL_MAX=10 (rounds where the host stole more CPU, in %, are flagged
#   noisy=1 and left out of the medians)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD PG_DB=palisade_bench (one database
#   per size: palisade_bench_<entries>, created when missing)
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
WARMUP=${WARMUP:-60}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-1800}
JAVA=${JAVA:-java}
PALISADE_GC=${PALISADE_GC:--XX:+UseShenandoahGC}
DATABASES=${DATABASES:-postgres h2}
PALISADE_CDS=${PALISADE_CDS:-1}
RRL_ARGS=${RRL_ARGS:---palisade.dns.rrl.exempt=127.0.0.1}
STARTS=${STARTS:-3}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PG_DB=${PG_DB:-palisade_bench}
RBL_PORT=${RBL_PORT:-5301}
PAL_PORT=${PAL_PORT:-5302}
PAL_HTTP_PORT=${PAL_HTTP_PORT:-5303}
WRITES=${WRITES:-300}
BULK_ROUNDS=${BULK_ROUNDS:-3}
# The operator API token the write-path measurement uses (given to Palisade at start-up).
BENCH_TOKEN=pal_benchbenchbenchbenchbenchbenchbench00
BASE_ZONE=rbl.bench.test
CLK_TCK=$(getconf CLK_TCK)
mkdir -p "$WORK/bin" "$WORK/logs" "$WORK/results"
RESULTS=$WORK/results/$MODE-$(date +%Y%m%d-%H%M%S).txt

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
emit() { echo "$*" | tee -a "$RESULTS"; }

# ---- processes: tracked, always stopped ----------------------------------------------------
. "$HERE/processes.sh"

# ---- tools ---------------------------------------------------------------------------------
need=()
command -v rbldnsd >/dev/null || need+=(rbldnsd)
command -v dnsperf >/dev/null || need+=(dnsperf)
command -v gcc >/dev/null || need+=(gcc)
[[ " $DATABASES " != *" postgres "* ]] || command -v psql >/dev/null || need+=(postgresql-client)
if ((${#need[@]})); then
    log "installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
QBLAST=$WORK/bin/qblast
if [[ ! -x $QBLAST || $HERE/qblast.c -nt $QBLAST ]]; then
    gcc -O2 -Wall -o "$QBLAST" "$HERE/qblast.c"
fi
JAR=${JAR:-$ROOT/target/palisade.jar}
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# heap_used_kb PID: the Java heap in use after a full collection (jcmd GC.run, then GC.heap_info,
# which prints "45920K used" for Shenandoah and "used 45920K" for G1); 0 when jcmd cannot tell
heap_used_kb() {
    jcmd "$1" GC.run >/dev/null 2>&1 || { echo 0; return; }
    jcmd "$1" GC.heap_info 2>/dev/null | awk '
        function kb(v) { sub(/,$/, "", v); return v ~ /G$/ ? v * 1048576 : v ~ /M$/ ? v * 1024 : v + 0 }
        { for (i = 1; i <= NF; i++) if ($i == "used" || $i == "used,") {
              if (i < NF && $(i + 1) ~ /^[0-9]+[KMG],?$/) { print kb($(i + 1)); exit }
              if (i > 1 && $(i - 1) ~ /^[0-9]+[KMG],?$/) { print kb($(i - 1)); exit } } }
        END { if (NR == 0) print 0 }'
}
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

# db_args DB DATA: Palisade's command-line flags for its database (h2: a file in the dataset;
# postgres: the database pg_db names) and its index file (one per dataset and database)
db_args() {
    echo "--palisade.index.file=$(index_file "$1")"
    case $1 in
    h2) echo "--spring.datasource.url=jdbc:h2:file:$2/palisade-db/palisade" ;;
    postgres)
        echo "--spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://$PGHOST:$PGPORT/$(pg_db)" \
            "--spring.datasource.username=$PGUSER${PGPASSWORD:+ --spring.datasource.password=$PGPASSWORD}" ;;
    *) echo "unknown database $1 (DATABASES: h2, postgres)" >&2; exit 2 ;;
    esac
}
pg_db() { echo "${PG_DB}_$SIZE"; }
index_file() { echo "$WORK/palisade-$SIZE-$1.index"; }
psql_bench() { psql -v ON_ERROR_STOP=1 -q -X -d "$(pg_db)" "$@"; }

# How Palisade is launched: the plain jar until prepare_cds has made the extracted one and its
# archive (PALISADE_CDS=1).
PAL_LAUNCH=(-jar "$JAR")

# prepare_cds DATA DB HEAP: once per jar, outside the timed starts, the procedure of
# deploy/systemd/palisade-cds.sh: the jar extracted to $WORK/cds, a training run against the
# loaded database, and the timed starts from there with the archive
prepare_cds() {
    local data=$1 db=$2 heap=$3 dir=$WORK/cds sum
    [[ $PALISADE_CDS == 1 ]] || return 0
    sum="$(sha256sum "$JAR" | cut -c1-16) $PALISADE_GC -Xmx$heap"
    if [[ ! -s $dir/palisade.jsa || $(cat "$WORK/cds.key" 2>/dev/null) != "$sum" ]]; then
        log "palisade: class data sharing archive (training run against $db)"
        rm -f "$WORK/cds.key"
        # shellcheck disable=SC2046
        JAVA=$JAVA JAVA_OPTS="$PALISADE_GC -Xms$heap -Xmx$heap" taskset -c "$SERVER_CPU" \
            "$ROOT/deploy/systemd/palisade-cds.sh" "$JAR" "$dir" --palisade.dns.base-zone=$BASE_ZONE \
            --palisade.samples.import-on-empty=false $(db_args "$db" "$data") ${PALISADE_ARGS:-} \
            >"$WORK/logs/palisade-cds.log" 2>&1 || { tail -20 "$WORK/logs/palisade-cds.log" >&2; exit 1; }
        echo "$sum" >"$WORK/cds.key"
    fi
    PAL_LAUNCH=(-XX:SharedArchiveFile="$dir/palisade.jsa" -jar "$dir/palisade.jar")
}

start_palisade() {   # DATA HEAP TIMEOUT DB EXTRA... -> PAL_PID, PAL_T0, PAL_READY_S (or TIMEOUT)
    local data=$1 heap=$2 timeout=$3 db=$4
    shift 4
    PAL_T0=$(now)
    # shellcheck disable=SC2086,SC2046
    taskset -c "$SERVER_CPU" "$JAVA" $PALISADE_GC -Xms"$heap" -Xmx"$heap" \
        -Xlog:gc*:file="$WORK/logs/palisade-gc.log":uptime,level,tags \
        "${PAL_LAUNCH[@]}" \
        --palisade.dns.base-zone=$BASE_ZONE --palisade.dns.port="$PAL_PORT" --palisade.dns.udp-threads=1 \
        --server.port="$PAL_HTTP_PORT" --palisade.api.bootstrap-token="$BENCH_TOKEN" $(db_args "$db" "$data") \
        --palisade.samples.directory="$data" --palisade.samples.import-on-empty=true $RRL_ARGS \
        ${PALISADE_ARGS:-} "$@" \
        >"$WORK/logs/palisade.log" 2>&1 &
    PAL_PID=$!
    PIDS+=("$PAL_PID")
    PAL_READY_S=$(python3 "$HERE/dnscheck.py" wait --port "$PAL_PORT" --queries "$data/queries.tsv" \
        --since "$PAL_T0" --timeout "$timeout" --pid "$PAL_PID") || true
}

# wait_started LOG PID T0 TIMEOUT: seconds from T0 until the whole application (web UI, API) has
# started, after DNS; TIMEOUT or DIED otherwise
wait_started() {
    local i
    for i in $(seq 1 $(($4 * 10))); do
        if grep -q 'Started PalisadeApplication' "$1"; then
            echo "$(now) - $3" | bc -l | xargs printf '%.2f\n'
            return
        fi
        kill -0 "$2" 2>/dev/null || { echo DIED; return; }
        sleep 0.1
    done
    echo TIMEOUT
}

# Stopgap while the import path is slow for large files: writes the dataset's entries.csv
# straight into Palisade's database (schema by Palisade's own migrations, run by one start
# without import), then Palisade starts from it as from any database.
load_palisade_sql() {   # DATA DB
    local data=$1 db=$2
    # shellcheck disable=SC2046
    "$JAVA" -Xmx1g -jar "$JAR" --palisade.dns.port=0 --server.port=0 --palisade.samples.import-on-empty=false \
        $(db_args "$db" "$data") >"$WORK/logs/palisade-schema.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    local up; up=$(wait_started "$WORK/logs/palisade-schema.log" "$pid" "$(now)" 300)
    stop_pid "$pid"; forget "$pid"
    [[ $up != TIMEOUT && $up != DIED ]] || { tail -20 "$WORK/logs/palisade-schema.log" >&2; exit 1; }
    if [[ $db == postgres ]]; then
        psql_bench >/dev/null <<SQL
create temp table csv (list_kind text, value_type text, entry_value text, return_code bigint, reason text,
    sort_key text);
\\copy csv from '$data/entries.csv' with (format csv, header true)
insert into account (slug, name, created_at) values ('bench', 'Benchmark', now());
insert into scope (account_id, mail_server_id, zone_label, serial)
    select id, null, 'bench', 2 from account where slug = 'bench';
insert into entry (id, scope_id, list_kind, value_type, entry_value, return_code, reason, enabled,
        expires_at, source, created_by, created_at, updated_by, updated_at, version, sort_key)
    select row_number() over (), (select id from scope where zone_label = 'bench'), list_kind,
        value_type, entry_value, return_code::integer, nullif(reason, ''), true, null, 'IMPORT',
        'bench', now(), 'bench', now(), 0, sort_key
    from csv;
select setval('change_serial', 3);
select setval('entry_id_seq', $((SIZE + 1000)));
analyze entry;
SQL
        return
    fi
    local h2; h2=$(unzip -Z1 "$JAR" | grep -m1 'BOOT-INF/lib/h2-.*\.jar')
    unzip -o -q -j "$JAR" "$h2" -d "$WORK/bin"
    cat >"$WORK/logs/load.sql" <<SQL
insert into account (slug, name, created_at) values ('bench', 'Benchmark', current_timestamp);
insert into scope (account_id, mail_server_id, zone_label, serial)
    select id, null, 'bench', 2 from account where slug = 'bench';
insert into entry (id, scope_id, list_kind, value_type, entry_value, return_code, reason, enabled,
        expires_at, source, created_by, created_at, updated_by, updated_at, version, sort_key)
    select rownum(), (select id from scope where zone_label = 'bench'), list_kind, value_type,
        entry_value, cast(return_code as integer), nullif(reason, ''), true, null, 'IMPORT', 'bench',
        current_timestamp, 'bench', current_timestamp, 0, sort_key
    from csvread('$data/entries.csv', null, 'charset=UTF-8');
alter sequence change_serial restart with 3;
alter sequence entry_id_seq restart with $((SIZE + 1000));
SQL
    "$JAVA" -cp "$WORK/bin/$(basename "$h2")" org.h2.tools.RunScript \
        -url "jdbc:h2:file:$data/palisade-db/palisade" -user sa -script "$WORK/logs/load.sql"
}

# loaded DATA DB: whether Palisade's database of this dataset is complete
loaded() {
    case $2 in
    h2) [[ -f $1/palisade-db/complete ]] ;;
    postgres) [[ -f $1/postgres-complete && $(cat "$1/postgres-complete") == "$(pg_db)" ]] &&
        [[ $(psql -X -tA -d postgres -c "select 1 from pg_database where datname = '$(pg_db)'") == 1 ]] ;;
    esac
}

# empty_database DATA DB: a new, empty database for Palisade (created when missing)
empty_database() {
    case $2 in
    h2) rm -rf "$1/palisade-db" ;;
    postgres)
        rm -f "$1/postgres-complete"
        psql -X -q -d postgres -c "drop database if exists $(pg_db)"
        createdb "$(pg_db)" ;;
    esac
}

# load_palisade DATA DB HEAP: the first start on an empty database imports the dataset's rbldnsd
# files (Palisade's start-up import); when that does not finish in IMPORT_TIMEOUT, SQL instead
load_palisade() {
    local data=$1 db=$2 heap=$3
    empty_database "$data" "$db"
    log "palisade ($db): first start, importing $SIZE entries (timeout ${IMPORT_TIMEOUT}s)"
    # Imports stream (README, "Large imports"): the serving heap is enough, so the first start's
    # RSS below is what an admin's first start takes.
    start_palisade "$data" "$heap" "$IMPORT_TIMEOUT" "$db"
    emit "server=palisade size=$SIZE db=$db test=import ready_s=$PAL_READY_S rss_kb=$(rss_kb "$PAL_PID")"
    if [[ $PAL_READY_S == TIMEOUT || $PAL_READY_S == DIED ]]; then
        log "palisade ($db): import did not finish; last log lines:"
        tail -5 "$WORK/logs/palisade.log" >&2
        [[ $PAL_READY_S == DIED ]] || profile_import "$PAL_PID" "$db"
        stop_pid "$PAL_PID"; forget "$PAL_PID"
        log "palisade ($db): loading the entries with SQL instead (see README)"
        empty_database "$data" "$db"
        local t0; t0=$(now)
        load_palisade_sql "$data" "$db"
        emit "server=palisade size=$SIZE db=$db test=sqlload seconds=$(echo "$(now) - $t0" | bc -l | xargs printf '%.1f')"
    fi
    stop_pid "$PAL_PID"; forget "$PAL_PID"
    case $db in
    h2) touch "$data/palisade-db/complete" ;;
    postgres) pg_db >"$data/postgres-complete" ;;
    esac
}

# profile_import PID DB: where the main thread spends the import, from 20 stack samples 1 s apart
profile_import() {
    local pid=$1 db=$2 i
    for i in $(seq 1 20); do
        jstack "$pid" 2>/dev/null | awk '/^"main"/ {f=1} f && /^$/ {exit} f' >"$WORK/logs/import-stack.$i" || true
        sleep 1
    done
    # samples_with PATTERN: how many of the 20 samples have a frame matching PATTERN (grep -e)
    samples_with() { (grep -l -e "$1" "$WORK"/logs/import-stack.* || true) | wc -l; }
    emit "server=palisade size=$SIZE db=$db test=import-profile samples=20" \
        "in_existing_lookup=$(samples_with 'EntryBulkStore.find')" \
        "in_entry_rows=$(samples_with 'EntryBulkStore.insert\|EntryBulkStore.update')" \
        "in_audit=$(samples_with 'AuditLog.record')" \
        "in_change_feed=$(samples_with 'EntryChangeCodec')" \
        "in_h2_storage=$(samples_with 'org.h2.mvstore')" \
        "in_postgres_driver=$(samples_with 'org.postgresql')"
}

# ---- load ----------------------------------------------------------------------------------
# alone PID: both servers share the pinned core, so while one is measured the other is stopped
# (SIGSTOP): a JVM's timers and compiler, or rbldnsd's, must not run in the other's rounds.
# together: both run again. Every measurement is wrapped in the pair.
alone() { local p; for p in ${RBL_PID:-} ${PAL_PID:-}; do [[ $p == "$1" ]] || kill -STOP "$p" 2>/dev/null || true; done; }
together() { local p; for p in ${RBL_PID:-} ${PAL_PID:-}; do kill -CONT "$p" 2>/dev/null || true; done; }

# cpu_snap PID FILE: the server's threads, Palisade's PostgreSQL backends (when it runs on
# PostgreSQL) and /proc/stat, for threadcpu.py to tell answering from background work and to
# measure what the host stole
cpu_snap() {
    local backends=""
    if [[ $1 == "${PAL_PID:-}" && ${PAL_DB:-} == postgres ]]; then
        backends=$(psql -X -tA -d postgres -c \
            "select pid from pg_stat_activity where datname = '$(pg_db)' and pid <> pg_backend_pid()" | xargs)
    fi
    # shellcheck disable=SC2086
    python3 "$HERE/threadcpu.py" snap "$1" $backends >"$2"
}

# blast NAME PID PORT DATA TAG [qblast args...]: one qblast run, server CPU measured around it:
# the whole process (srv_cpu_s), split by thread into answering and background work
# (threadcpu.py: dns_cpu_s, bg_cpu_s, jvm_cpu_s, db_cpu_s, bg_share), and the CPU the host stole
# meanwhile (steal_pct; noisy=1 above STEAL_MAX percent: report.py leaves such rounds out)
blast() {
    local name=$1 pid=$2 port=$3 data=$4 tag=$5 c0 c1 t0 t1 out db=""
    shift 5
    [[ $name != palisade ]] || db="db=$PAL_DB "
    alone "$pid"
    cpu_snap "$pid" "$WORK/logs/cpu0.json"
    c0=$(cpu_ticks "$pid"); t0=$(now)
    out=$(taskset -c "$CLIENT_CPU" "$QBLAST" -p "$port" -f "$data/queries.tsv" "$@") || {
        together; echo "$out" >&2; log "FAILED: $name answered wrongly (see MISMATCH lines)"; exit 1; }
    t1=$(now); c1=$(cpu_ticks "$pid")
    cpu_snap "$pid" "$WORK/logs/cpu1.json"
    together
    local line cpu_s split
    line=$(grep '^RESULT' <<<"$out" | sed 's/^RESULT //')
    cpu_s=$(echo "($c1 - $c0) / $CLK_TCK" | bc -l)
    split=$(python3 "$HERE/threadcpu.py" diff "$WORK/logs/cpu0.json" "$WORK/logs/cpu1.json")
    emit "$(printf 'server=%s size=%s %stest=%s %s srv_cpu_s=%.2f wall_s=%.2f %s' "$name" "$SIZE" "$db" "$tag" \
        "$line" "$cpu_s" "$(echo "$t1 - $t0" | bc -l)" "$split")"
    [[ $name != palisade || $tag != bg* ]] ||
        python3 "$HERE/threadcpu.py" diff --threads "$WORK/logs/cpu0.json" "$WORK/logs/cpu1.json" |
        tail -n +2 | head -12 | sed "s/^/# $tag $PAL_DB: /" | tee -a "$RESULTS" >&2
}

# dnsperf_run NAME PID PORT DATA: dnsperf closed loop (one system call per query)
dnsperf_run() {
    local name=$1 pid=$2 port=$3 data=$4 c0 c1 out
    alone "$pid"
    c0=$(cpu_ticks "$pid")
    out=$(taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$port" -d "$data/queries.txt" -l "$DUR" \
        -c 8 -T 1 -q 200 2>&1)
    c1=$(cpu_ticks "$pid")
    together
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

# write_under_load DATA RATE: the write path while Palisade answers RATE q/s (checked answers):
# write -> DNS visibility in the dataset's own scope (the 1M or 10M entries of account bench),
# then bulk imports into a second account, each with deploy/bench/api-bench.py. The second account
# is deleted before and after, so every run's bulk imports create new entries in an empty scope
# (entries left by an earlier run would make them updates, a different and slower path).
write_under_load() {
    local data=$1 rate=$2 load vis bulk c0 c1
    writer_account DELETE
    writer_account POST
    log "write path under load: $WRITES writes, $BULK_ROUNDS bulk imports, DNS at $rate q/s"
    c0=$(cpu_ticks "$PAL_PID")
    taskset -c "$CLIENT_CPU" "$QBLAST" -p "$PAL_PORT" -f "$data/queries.tsv" -l 3600 -Q "$rate" -q 2000 -b 4 -c 4 \
        >"$WORK/logs/write-load.txt" 2>&1 &
    load=$!
    PIDS+=("$load")
    local bench=(timeout 1800 taskset -c "$CLIENT_CPU" python3 "$HERE/api-bench.py" --token "$BENCH_TOKEN"
        --http "$PAL_HTTP_PORT" --dns "$PAL_PORT" --base "$BASE_ZONE")
    vis=$("${bench[@]}" --account bench --bulk-rounds 0 --writes "$WRITES" | tee -a "$WORK/logs/api-bench.txt" |
        sed -n 's/^RESULT //p') || { log "write -> DNS visibility measurement failed"; exit 1; }
    bulk=$("${bench[@]}" --account writer --bulk-rounds "$BULK_ROUNDS" --writes 0 | tee -a "$WORK/logs/api-bench.txt" |
        sed -n 's/^RESULT //p') || { log "bulk import measurement failed"; exit 1; }
    kill -TERM "$load" 2>/dev/null || true
    wait "$load" || { cat "$WORK/logs/write-load.txt" >&2; log "FAILED: palisade answered wrongly during writes"; exit 1; }
    forget "$load"
    c1=$(cpu_ticks "$PAL_PID")
    emit "server=palisade size=$SIZE test=write50 $(sed -n 's/^RESULT //p' "$WORK/logs/write-load.txt")" \
        "srv_cpu_s=$(echo "($c1 - $c0) / $CLK_TCK" | bc -l | xargs printf '%.2f')"
    emit "server=palisade size=$SIZE test=write $vis $bulk"
    writer_account DELETE
}

# writer_account POST|DELETE: creates or deletes (with its entries) the bulk-import account
writer_account() {
    local api="http://127.0.0.1:$PAL_HTTP_PORT/api/v1/accounts" auth="Authorization: Bearer $BENCH_TOKEN"
    case $1 in
    POST) curl -s -o /dev/null -X POST "$api" -H "$auth" -H 'Content-Type: application/json' \
        -d '{"slug":"writer"}' || true ;;
    DELETE) curl -s -o /dev/null -X DELETE "$api/writer" -H "$auth" || true ;;
    esac
}

# ---- memory --------------------------------------------------------------------------------
# heap_empty: the heap an empty Palisade keeps in use after a full collection (the framework, the
# web UI, the caches), started once on an empty H2 database; what a dataset adds above it is the
# index's share (test=heap)
heap_empty() {
    local db=$WORK/empty-db log=$WORK/logs/palisade-empty.log pid up
    rm -rf "$db"
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CPU" "$JAVA" $PALISADE_GC -Xms1g -Xmx1g -jar "$JAR" --palisade.dns.port="$PAL_PORT" \
        --server.port="$PAL_HTTP_PORT" --spring.datasource.url="jdbc:h2:file:$db/palisade" \
        --palisade.samples.import-on-empty=false >"$log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    up=$(wait_started "$log" "$pid" "$(now)" 120)
    [[ $up != TIMEOUT && $up != DIED ]] || { tail -20 "$log" >&2; exit 1; }
    emit "server=palisade test=heap_empty heap_used_kb=$(heap_used_kb "$pid")"
    stop_pid "$pid"; forget "$pid"
    rm -rf "$db"
}

# index_memory LOG: the per-kind figures of Palisade's "index memory:" log line as key=value
index_memory() {
    grep -m1 'index memory:' "$1" | awk '{
        for (i = 1; i <= NF; i++) {
            key = $i == "IPv4" ? "ip4" : $i == "IPv6" ? "ip6" : $i == "domains" ? "domain" : ""
            if (key != "" && $(i + 1) ~ /^[0-9]+$/ && $(i + 5) ~ /^\(/)
                printf "%s_entries=%s %s_bytes_each=%s ", key, $(i + 1), key, substr($(i + 5), 2)
        } }'
}

# ---- rounds --------------------------------------------------------------------------------
# check_and_warm_up DATA: both servers answer a sample correctly, then get WARMUP seconds of load
# each: a JVM compiles its hot code during the first minute of load, and a server that has run for
# a while is what mail servers meet
check_and_warm_up() {
    local data=$1 names=(rbldnsd palisade) pids=("$RBL_PID" "$PAL_PID") ports=("$RBL_PORT" "$PAL_PORT") i
    for i in 0 1; do
        python3 "$HERE/dnscheck.py" check --port "${ports[$i]}" --queries "$data/queries.tsv" --sample 3000 \
            | sed "s/^/# ${names[$i]}: /" | tee -a "$RESULTS" >&2
        [[ ${PIPESTATUS[0]} == 0 ]] || { log "${names[$i]} answers wrongly"; exit 1; }
    done
    log "warm-up (${WARMUP}s each)"
    for i in 0 1; do blast "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data" warmup -l "$WARMUP" -q 100 -b 16 -c 4 -k 16 >/dev/null; done
}

# fixed_rate_rounds DATA R50 R80: ROUNDS rounds at 50% and 80% of rbldnsd's maximum, both servers
# in alternating order
fixed_rate_rounds() {
    local data=$1 r50=$2 r80=$3 names=(rbldnsd palisade) pids=("$RBL_PID" "$PAL_PID") ports=("$RBL_PORT" "$PAL_PORT") i r order
    for r in $(seq 1 "$ROUNDS"); do
        if ((r % 2)); then order="0 1"; else order="1 0"; fi
        log "fixed-rate round $r/$ROUNDS (palisade on $PAL_DB)"
        for i in $order; do
            blast "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data" rate50 -l "$DUR" -Q "$r50" -q 2000 -b 4 -c 4
            blast "${names[$i]}" "${pids[$i]}" "${ports[$i]}" "$data" rate80 -l "$DUR" -Q "$r80" -q 2000 -b 4 -c 4
        done
    done
}

# background_run DATA RATE: BG_SECS (150) seconds at a fixed rate on Palisade alone, long enough
# for two statistics flushes (palisade.stats.flush-interval, 60 s): what the background work
# (statistics, expiry, index file) costs next to answering, thread by thread (test=bg)
background_run() {
    log "background work: ${BG_SECS:-150}s at $2 q/s (palisade on $PAL_DB)"
    blast palisade "$PAL_PID" "$PAL_PORT" "$1" bg -l "${BG_SECS:-150}" -Q "$2" -q 2000 -b 4 -c 4
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

    local db last app n
    for db in $DATABASES; do last=$db; done
    for db in $DATABASES; do
        loaded "$data" "$db" || load_palisade "$data" "$db" "$heap"
    done
    prepare_cds "$data" "${DATABASES%% *}" "$heap"
    for db in $DATABASES; do
        # Restarts from the database, as in production: start to first DNS answer, and to the
        # whole application (web UI, API) having started after it. Start 0 has no index file
        # (test=start_cold: every entry read from the database, as after an upgrade or with the
        # file turned off); it writes the file as it stops, and starts 1..STARTS take the
        # unchanged scopes from it (test=start).
        for n in $(seq 0 "$STARTS"); do
            local test=start
            if ((n == 0)); then test=start_cold; rm -f "$(index_file "$db")"; fi
            log "palisade ($db): start $n/$STARTS from its database ($test)"
            start_palisade "$data" "$heap" 600 "$db"
            [[ $PAL_READY_S != TIMEOUT && $PAL_READY_S != DIED ]] || { tail -20 "$WORK/logs/palisade.log" >&2; exit 1; }
            app=$(wait_started "$WORK/logs/palisade.log" "$PAL_PID" "$PAL_T0" 600)
            emit "server=palisade size=$SIZE db=$db test=$test ready_s=$PAL_READY_S app_s=$app $(grep -o 'index built: [0-9]* active entries in [0-9]* ms ([0-9]* ms CPU)' "$WORK/logs/palisade.log" | awk '{printf "load_ms=%s load_cpu_ms=%s", $7, substr($9, 2)}') from_file=$(grep -o 'index file .*: [0-9]* scopes ([0-9]* entries) taken from it' "$WORK/logs/palisade.log" | grep -o '([0-9]* entries)' | tr -dc 0-9)"
            [[ $db == "$last" && $n == "$STARTS" ]] || { stop_pid "$PAL_PID"; forget "$PAL_PID"; }
            # Each start's log kept whole, its stop (the index file written or not) included: the
            # next start writes palisade.log anew.
            cp "$WORK/logs/palisade.log" "$WORK/logs/palisade-$db-start$n.log"
        done
    done
    PAL_DB=$last
    log "palisade ($last): the rounds run against this start"
    sleep 2
    emit "server=palisade size=$SIZE db=$last test=load ready_s=$PAL_READY_S rss_kb=$(rss_kb "$PAL_PID")"
    emit "server=palisade size=$SIZE db=$last test=heap heap_used_kb=$(heap_used_kb "$PAL_PID") $(index_memory "$WORK/logs/palisade.log")"

    check_and_warm_up "$data"
    local names=(rbldnsd palisade) pids=("$RBL_PID" "$PAL_PID") ports=("$RBL_PORT" "$PAL_PORT") i r order
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
    fixed_rate_rounds "$data" "$r50" "$r80"
    background_run "$data" "${BG_RATE:-$r50}"
    log "GC: ${GC_SECS}s at 80% on palisade (and the same run on rbldnsd)"
    local from; from=$(( $(wc -l <"$WORK/logs/palisade-gc.log") + 1 ))
    blast rbldnsd "$RBL_PID" "$RBL_PORT" "$data" gc80 -l "$GC_SECS" -Q "$r80" -q 2000 -b 4 -c 4
    blast palisade "$PAL_PID" "$PAL_PORT" "$data" gc80 -l "$GC_SECS" -Q "$r80" -q 2000 -b 4 -c 4
    emit "server=palisade size=$SIZE test=gc $(gc_pauses "$WORK/logs/palisade-gc.log" "$from")"
    write_under_load "$data" "$r50"
    emit "server=palisade size=$SIZE test=end rss_kb=$(rss_kb "$PAL_PID")"
    emit "server=rbldnsd size=$SIZE test=end rss_kb=$(rss_kb "$RBL_PID")"
    cp "$WORK/logs/palisade-gc.log" "$WORK/results/$(basename "$RESULTS" .txt)-gc-$SIZE.log"
    # The other databases: Palisade restarted from each for the same fixed-rate rounds and the
    # background run (the statistics are written into the database Palisade runs on)
    for db in $DATABASES; do
        [[ $db != "$last" ]] || continue
        stop_pid "$PAL_PID"; forget "$PAL_PID"
        log "palisade ($db): restarted for its fixed-rate rounds"
        start_palisade "$data" "$heap" 600 "$db"
        [[ $PAL_READY_S != TIMEOUT && $PAL_READY_S != DIED ]] || { tail -20 "$WORK/logs/palisade.log" >&2; exit 1; }
        wait_started "$WORK/logs/palisade.log" "$PAL_PID" "$PAL_T0" 600 >/dev/null
        PAL_DB=$db
        check_and_warm_up "$data"
        fixed_rate_rounds "$data" "$r50" "$r80"
        background_run "$data" "${BG_RATE:-$r50}"
    done
    stop_pid "$PAL_PID"; forget "$PAL_PID"
    stop_pid "$RBL_PID"; forget "$RBL_PID"
}

emit "# palisade vs rbldnsd, mode=$MODE rounds=$ROUNDS dur=${DUR}s nproc=$(nproc) server_cpu=$SERVER_CPU client_cpu=$CLIENT_CPU"
emit "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); java: $("$JAVA" -version 2>&1 | head -1); gc: $PALISADE_GC"
emit "# commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); class data sharing: $PALISADE_CDS${PALISADE_ARGS:+; palisade args: $PALISADE_ARGS}"
heap_empty
for size in $SIZES; do run_size "$size"; done
python3 "$HERE/report.py" "$RESULTS" | tee "${RESULTS%.txt}.md"
log "results: $RESULTS"
