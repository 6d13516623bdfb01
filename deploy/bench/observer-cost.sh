#!/usr/bin/env bash
# What the observers of every DNS answer cost the answering thread: the statistics (ZoneCounters)
# and the metrics (DnsTraffic). Runs ObserverCost.java — the real QueryHandler and FastPath
# answering the benchmark's queries from a 1M-entry index file, in-process — in one JVM per
# variant (a fork), the variants interleaved round by round in rotating order, each fork pinned to
# one core, and compares the answering thread's own CPU time per query between them.
#
#   deploy/bench/observer-cost.sh [INDEX_FILE]      (after run.sh has written its index file)
#
# Environment (defaults): WORK=/tmp/palisade-bench SIZE=1000000 JAR=target/palisade.jar
#   VARIANTS="none stats metrics" ROUNDS=10 WARMUP=4 MEASURE=3 (CPU seconds of the answering
#   thread per fork: warm-up, then measured) CPU=0 (the core the forks are pinned to)
#   JAVA=java PALISADE_GC=-XX:+UseShenandoahGC
#   IN_JVM=0 (1: each round is one JVM running every variant, their blocks of 1,024 queries
#   taking turns, so what the neighbours do meanwhile hits all variants alike; the call site that
#   tells the observer then sees several classes, where the application's sees one)
# INDEX_FILE defaults to the largest of run.sh's $WORK/palisade-$SIZE-<database>.index files.
# Prints one line per fork (with the host's steal time and load average during it) and, per pair
# of variants, the ratio of CPU time per query of each round: median, quartiles, min and max.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/tmp/palisade-bench}
SIZE=${SIZE:-1000000}
JAR=${JAR:-$ROOT/target/palisade.jar}
VARIANTS=${VARIANTS:-none stats metrics}
ROUNDS=${ROUNDS:-10}
WARMUP=${WARMUP:-4}
MEASURE=${MEASURE:-3}
CPU=${CPU:-0}
IN_JVM=${IN_JVM:-0}
JAVA=${JAVA:-java}
PALISADE_GC=${PALISADE_GC:--XX:+UseShenandoahGC}
DATA=$WORK/data-$SIZE
INDEX=${1:-}
if [[ -z $INDEX ]]; then
    # the largest of run.sh's index files of this size: the one with every entry in it
    INDEX=$(ls -S "$WORK"/palisade-"$SIZE"-*.index 2>/dev/null | head -1 || true)
fi
[[ -s ${INDEX:-} ]] || { echo "no index file: run run.sh first, or name one" >&2; exit 2; }
[[ -s $DATA/queries.tsv ]] || { echo "no $DATA/queries.tsv: run run.sh first" >&2; exit 2; }

OUT=$WORK/observer-cost
rm -rf "$OUT"
mkdir -p "$OUT/classes" "$WORK/results"
unzip -q -o "$JAR" 'BOOT-INF/classes/*' 'BOOT-INF/lib/*' -d "$OUT/jar"
CP="$OUT/jar/BOOT-INF/classes:$OUT/jar/BOOT-INF/lib/*"
javac -nowarn -cp "$CP" -d "$OUT/classes" "$HERE/ObserverCost.java"
RESULTS=$WORK/results/observer-cost-$(date +%Y%m%d-%H%M%S).txt

emit() { echo "$*" | tee -a "$RESULTS"; }
# cpu_stat: the machine's total and steal jiffies from /proc/stat
cpu_stat() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9; exit}' /proc/stat; }

emit "# observer cost: index=$INDEX variants=$VARIANTS rounds=$ROUNDS warmup=${WARMUP}s measure=${MEASURE}s cpu=$CPU in_jvm=$IN_JVM"
emit "# commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); jar: $JAR; java: $("$JAVA" -version 2>&1 | head -1); gc: $PALISADE_GC"
read -r -a variants <<<"$VARIANTS"
n=${#variants[@]}
for r in $(seq 1 "$ROUNDS"); do
    # rotate the order each round, and reverse it every other round: each variant runs first,
    # middle and last equally often
    order=()
    for i in $(seq 0 $((n - 1))); do order+=("${variants[$(((i + r) % n))]}"); done
    if ((r % 2 == 0)); then
        for ((i = 0, j = n - 1; i < j; i++, j--)); do t=${order[i]}; order[i]=${order[j]}; order[j]=$t; done
    fi
    forks=("${order[@]}")
    if [[ $IN_JVM == 1 ]]; then forks=("$(IFS=,; echo "${order[*]}")"); fi
    for v in "${forks[@]}"; do
        read -r t0 s0 < <(cpu_stat)
        # shellcheck disable=SC2086
        lines=$(taskset -c "$CPU" "$JAVA" $PALISADE_GC -Xms1g -Xmx1g -cp "$OUT/classes:$CP" \
            dev.palisade.dns.ObserverCost "$v" "$INDEX" "$DATA/queries.tsv" rbl.bench.test "$WARMUP" "$MEASURE" |
            sed -n 's/^RESULT //p')
        read -r t1 s1 < <(cpu_stat)
        while read -r line; do
            emit "round=$r $line steal_pct=$(awk -v a="$((s1 - s0))" -v b="$((t1 - t0))" 'BEGIN {printf "%.2f", b ? 100 * a / b : 0}') load1=$(cut -d' ' -f1 /proc/loadavg)"
        done <<<"$lines"
    done
done

for key in clean all; do
python3 - "$RESULTS" "$key" <<'PY' | tee -a "$RESULTS"
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=(\S+)", l)) for l in open(sys.argv[1]) if l.startswith("round=")]
# the median of a fork's clean blocks (never preempted); of all its blocks with KEY=all
KEY = "ns_per_query_median" if len(sys.argv) > 2 and sys.argv[2] == "all" else "ns_per_query_clean"
by = {}
for row in rows:
    by.setdefault(row["variant"], {})[int(row["round"])] = float(row[KEY])
def q(values, p):
    values = sorted(values)
    at = p * (len(values) - 1)
    lo = int(at)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (at - lo)
print(f"# answering thread's CPU time per query (ns), per fork ({KEY}):")
for v, rounds in by.items():
    vals = list(rounds.values())
    print(f"# {v}: median {statistics.median(vals):.1f}, quartiles {q(vals, .25):.1f}-{q(vals, .75):.1f}, "
          f"min {min(vals):.1f}, max {max(vals):.1f} ({len(vals)} forks)")
steal = [float(r["steal_pct"]) for r in rows]
load = [float(r["load1"]) for r in rows]
print(f"# steal per fork: max {max(steal):.2f}%; load average per fork: {min(load):.1f}-{max(load):.1f}")
for b, a in (("stats", "none"), ("metrics", "none"), ("metrics", "stats")):
    if a not in by or b not in by:
        continue
    common = sorted(set(by[a]) & set(by[b]))
    ratios = [by[b][r] / by[a][r] for r in common]
    diff = [by[b][r] - by[a][r] for r in common]
    print(f"RATIO {KEY} {b}/{a}: median {statistics.median(ratios):.4f} quartiles {q(ratios, .25):.4f}-{q(ratios, .75):.4f} "
          f"min {min(ratios):.4f} max {max(ratios):.4f} rounds {len(ratios)}; "
          f"difference median {statistics.median(diff):+.1f} ns/query (quartiles {q(diff, .25):+.1f} to {q(diff, .75):+.1f})")
PY
done
echo "results: $RESULTS" >&2
