#!/usr/bin/env bash
# Import benchmark: the command line's import of generated rbldnsd ip4set files, first into an
# empty account and then the same file again, into H2 and PostgreSQL: seconds, entries/s, peak
# heap (from the GC log) and peak RSS (from /usr/bin/time) of each run, and the storing pass's
# rate (the command line's last progress line: without the JVM's start and the check pass). With
# OLD_JAR set, the same runs of that jar (a previous release) go first, into databases of their
# own, for figures side by side from one run. Writes results/imports-<time>.txt (key=value) and
# prints a markdown table, after PostgreSQL's version, collation and the settings that weigh on a
# big import.
#
# Settings (environment):
#   SIZES="1000000"  DATABASES="h2 postgres"  JAR (target/palisade.jar)  OLD_JAR (none)
#   HEAP (none: the JVM's default; e.g. -Xmx512m)  OLD_HEAP (none)  JAVA=java  WORK=/tmp/palisade-import-bench
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD PG_DB=palisade_import_bench
#   PG_CREATEDB_ARGS (none; e.g. "--template=template0 --locale-provider=icu --icu-locale=en-US"
#     for databases created under a language's collation, as a server installed under en_US.UTF-8 has)
#   TIMEOUT=3600 (seconds per import)
#   FEED_LINES=1000000 (0: no feed figure)  FEED_DATABASES="h2 postgres"  HTTP_PORT=20080 DNS_PORT=20053
#
# The feed figure runs the server (this build only): a feed of a FEED_LINES-line ip4set is added
# (its first apply, timed), then the file is replaced as rsync replaces it, with 1% of its lines
# changed (0.5% gone, 0.5% new), and the feed checked again: seconds for that update and the
# server's peak RSS. Machine load (uptime) and CPU steal (top) are recorded before every run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/palisade.jar}
OLD_JAR=${OLD_JAR:-}
SIZES=${SIZES:-1000000}
DATABASES=${DATABASES:-"h2 postgres"}
HEAP=${HEAP:-}
OLD_HEAP=${OLD_HEAP:-}
JAVA=${JAVA:-java}
WORK=${WORK:-/tmp/palisade-import-bench}
TIMEOUT=${TIMEOUT:-3600}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PG_DB=${PG_DB:-palisade_import_bench}
PG_CREATEDB_ARGS=${PG_CREATEDB_ARGS:-}
FEED_LINES=${FEED_LINES:-1000000}
FEED_DATABASES=${FEED_DATABASES:-$DATABASES}
HTTP_PORT=${HTTP_PORT:-20080}
DNS_PORT=${DNS_PORT:-20053}

mkdir -p "$WORK/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$WORK/results/imports-$STAMP.txt"
: >"$OUT"
[ -f "$JAR" ] || { echo "no jar at $JAR: ./mvnw -q -DskipTests package" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }

# generate N: an ip4set of N distinct addresses under one default value.
generate() {
  local n=$1 file="$WORK/ip4set-$1.txt"
  if [ ! -s "$file" ]; then
    awk -v n="$n" 'BEGIN {
      print ":127.0.0.2:Listed by the import benchmark, see $";
      for (i = 0; i < n; i++)
        printf "%d.%d.%d.%d\n", 10 + int(i / 16777216), int(i / 65536) % 256, int(i / 256) % 256, i % 256
    }' >"$file"
  fi
  echo "$file"
}

# database_args DB NAME: the Spring arguments pointing a run at a fresh database NAME. The
# connection timeout is raised from the shipped 2 s: on a loaded machine a first connection can
# take longer, and the run would fail before it started.
database_args() {
  local db=$1 name=$2
  if [ "$db" = h2 ]; then
    rm -rf "$WORK/h2-$name"
    echo "--spring.datasource.url=jdbc:h2:file:$WORK/h2-$name/palisade"
  else
    dropdb --if-exists "$name" >/dev/null
    # shellcheck disable=SC2086
    createdb $PG_CREATEDB_ARGS "$name"
    echo "--spring.profiles.active=postgres --spring.datasource.url=jdbc:postgresql://$PGHOST:$PGPORT/$name?connectTimeout=60 --spring.datasource.username=$PGUSER --spring.datasource.password=${PGPASSWORD:-} --spring.datasource.hikari.connection-timeout=30000"
  fi
}

# load: the load average and CPU steal now, for the record (the machine may be shared).
load() {
  local steal
  steal=$(top -bn1 | awk -F, '/^%Cpu/ { for (i = 1; i <= NF; i++) if ($i ~ / st/) print $i }' | tr -d ' ')
  echo "load $(cut -d' ' -f1-3 /proc/loadavg), steal ${steal:-?}"
}

# run LABEL JAR HEAP ARGS FILE: one import, its figures appended to $OUT.
run() {
  local label=$1 jar=$2 heap=$3 args=$4 file=$5 entries=$6
  echo "$label.before=$(load)" >>"$OUT"
  local log="$WORK/$label.log" gc="$WORK/$label.gc" timing="$WORK/$label.time"
  rm -f "$gc"
  # shellcheck disable=SC2086
  if ! timeout "$TIMEOUT" /usr/bin/time -o "$timing" -f "%e %M" \
      "$JAVA" $heap -Xlog:gc:file="$gc" -jar "$jar" import --account=bench --list=block \
      --format=ip4set --create $args "$file" >"$log" 2>&1; then
    echo "$label failed, see $log" >&2
    tail -5 "$log" >&2
    echo "$label.failed=1" >>"$OUT"
    return
  fi
  local seconds rss heap_peak
  read -r seconds rss <"$timing"
  # G1 and the others log "Pause ... 412M->87M(1024M)": the peak is the largest "before".
  heap_peak=$(grep -oE '[0-9]+M->[0-9]+M' "$gc" | cut -dM -f1 | sort -n | tail -1)
  local rate; rate=$(awk -v n="$entries" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
  # The storing pass: the rate and seconds of the last progress line, counted from the end of the
  # check pass (so without the JVM's start and the first reading of the file).
  local storing
  storing=$(grep -oE '^stored .*, [0-9,]+ entries/s, [0-9]+ s' "$log" | tail -1 \
    | sed -E 's/.*, ([0-9,]+) entries\/s, ([0-9]+) s$/\1\/s (\2 s)/' || true)
  {
    echo "$label.seconds=$seconds"
    echo "$label.entries_per_s=$rate"
    echo "$label.storing=${storing:-}"
    echo "$label.peak_heap_mb=${heap_peak:-0}"
    echo "$label.peak_rss_mb=$((rss / 1024))"
    echo "$label.output=$(grep -m1 '^imported' "$log" || true)"
  } >>"$OUT"
  printf '| %s | %s | %s | %s | %s | %s MB | %s MB | %s |\n' "$label" "$entries" "$seconds" "$rate" \
    "${storing:--}" "${heap_peak:-?}" "$((rss / 1024))" "$(grep "^$label.before=" "$OUT" | cut -d= -f2)"
}

# feed DB: the server with a feed of FEED_LINES lines; its first apply, then a 1% update.
feed() {
  local db=$1 name="${PG_DB}_feed" label="feed.$db.$FEED_LINES"
  local dir="$WORK/feeds-$db" token="pal_importbenchmarkfeedtoken0123456789abcdefgh"
  local api="http://127.0.0.1:$HTTP_PORT/api/v1" auth="Authorization: Bearer $token"
  rm -rf "$dir" && mkdir -p "$dir"
  awk -v n="$FEED_LINES" -v shift=0 -f <(feed_awk) >"$dir/feed.txt"
  local args; args=$(database_args "$db" "$name")
  # shellcheck disable=SC2086
  /usr/bin/time -o "$WORK/$label.time" -f "%e %M" "$JAVA" $HEAP -jar "$JAR" $args \
    --server.port="$HTTP_PORT" --palisade.dns.port="$DNS_PORT" --palisade.feeds.directory="$dir" \
    --palisade.feeds.check-interval=1d --palisade.samples.import-on-empty=false \
    --palisade.index.file= --palisade.api.bootstrap-token="$token" >"$WORK/$label.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null -H "$auth" "$api/accounts" && break
    sleep 1
  done
  curl -fs -o /dev/null -H "$auth" -H 'Content-Type: application/json' -d '{"slug":"feedbench"}' "$api/accounts"
  echo "$label.first.before=$(load)" >>"$OUT"
  local started=$EPOCHREALTIME id
  id=$(curl -fs -H "$auth" -H 'Content-Type: application/json' \
    -d '{"list":"block","format":"ip4set","path":"feed.txt"}' "$api/accounts/feedbench/feeds" \
    | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2)
  local first; first=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  # 1% changed: the first 0.5% of the lines gone, as many new ones at the end.
  awk -v n="$FEED_LINES" -v shift=$((FEED_LINES / 200)) -f <(feed_awk) >"$dir/.feed.txt.tmp"
  mv "$dir/.feed.txt.tmp" "$dir/feed.txt"
  echo "$label.update.before=$(load)" >>"$OUT"
  started=$EPOCHREALTIME
  local answer; answer=$(curl -fs -X POST -H "$auth" "$api/accounts/feedbench/feeds/$id/check")
  local update; update=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  # $server is /usr/bin/time: stop the JVM under it, so that time writes its figures and ends
  # (a signal to time itself would end time alone and leave the server running).
  pkill -TERM -P "$server" || true
  wait "$server" || true
  # The last line holds "%e %M" (a line before it says the JVM ended by the signal).
  local rss; rss=$(tail -n 1 "$WORK/$label.time" | awk '{print $2}')
  {
    echo "$label.first_seconds=$first"
    echo "$label.update_seconds=$update"
    echo "$label.update_changes=$((FEED_LINES / 100))"
    echo "$label.peak_rss_mb=$((rss / 1024))"
    echo "$label.answer=$answer"
  } >>"$OUT"
  printf '| %s | first apply %s s, 1%% update (%s lines) %s s | peak RSS %s MB | %s |\n' "$label" \
    "$first" "$((FEED_LINES / 100))" "$update" "$((rss / 1024))" \
    "$(grep "^$label.update.before=" "$OUT" | cut -d= -f2)"
}

# The feed's file: n distinct addresses, starting at the shift-th.
feed_awk() {
  cat <<'AWK'
BEGIN {
  print ":127.0.0.2:Listed by the feed benchmark";
  for (i = shift; i < n + shift; i++)
    printf "%d.%d.%d.%d\n", 20 + int(i / 16777216), int(i / 65536) % 256, int(i / 256) % 256, i % 256
}
AWK
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee -a "$OUT"
case " $DATABASES $FEED_DATABASES " in
  *" postgres "*)
    # The server's settings that weigh on a big import, for the record.
    echo "postgresql: $(psql -d postgres -AtF= -c "select name, current_setting(name) from pg_settings where name in ('server_version', 'lc_collate', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression') order by name" | tr '\n' ' ')createdb_args=${PG_CREATEDB_ARGS:-none}" | tee -a "$OUT" ;;
esac
echo "| run | entries | seconds | entries/s | storing pass | peak heap | peak RSS | before the run |"
echo "|---|---|---|---|---|---|---|---|"
for size in $SIZES; do
  file=$(generate "$size")
  for db in $DATABASES; do
    for build in old new; do
      if [ "$build" = old ]; then
        [ -n "$OLD_JAR" ] || continue
        jar=$OLD_JAR heap=$OLD_HEAP
      else
        jar=$JAR heap=$HEAP
      fi
      args=$(database_args "$db" "${PG_DB}_${build}_${size}")
      run "$build.$db.$size.first" "$jar" "$heap" "$args" "$file" "$size"
      run "$build.$db.$size.again" "$jar" "$heap" "$args" "$file" "$size"
    done
  done
done
if [ "$FEED_LINES" -gt 0 ]; then
  for db in $FEED_DATABASES; do
    feed "$db"
  done
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "figures: $OUT"
