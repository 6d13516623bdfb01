#!/usr/bin/env bash
# How long Knot takes to apply an incremental transfer (IXFR) as its zone grows: Knot checks the
# whole zone after every IXFR it receives, so the time from a change on the primary to the change
# answered by a Knot secondary grows with the zone. Palisade plays no part: a Knot primary serves a
# zone the size of Palisade's zone of ENTRIES entries, and each change is one name added on it.
#
#   deploy/bench/knot-ixfr.sh ENTRIES...        e.g. deploy/bench/knot-ixfr.sh 100000 300000
#
# For each size: a zone of about 3.55 records per entry, as Palisade renders the benchmark's data
# (its 1M-entry zone is 3,547,921 records), made of names like Palisade's single addresses
# (reversed IPv4 under the zone, an A and a TXT each); a Knot primary loads it from a file, a Knot
# secondary configured as deploy/secondaries.md recommends for large zones loads it by AXFR; then
# CHANGES times one name is added on the primary (knotc zone-set, zone-commit) and the time from the
# commit's end to the secondary answering the name is taken, polled with dig every 50 ms. Prints a
# line per size: p50, p99 and max of those times, Knot's own "zone updated" times from the
# secondary's log, and the load average before and after.
#
# Environment (defaults): WORK=/tmp/knot-ixfr PORT=6251 (the primary; the secondary PORT+1)
#   CHANGES=20 TIMEOUT=120 (seconds a change may take before the run gives up)
# Needs knotd and knotc (Debian's knot) and dig (bind9-dnsutils).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/knot-ixfr}; PORT=${PORT:-6251}; CHANGES=${CHANGES:-20}; TIMEOUT=${TIMEOUT:-120}
ZONE=bench.bl.rbl.bench.test
[[ $# -gt 0 ]] || { echo "usage: $0 ENTRIES..." >&2; exit 2; }
for tool in knotd knotc dig; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install knot bind9-dnsutils)" >&2; exit 2; }
done
# shellcheck source=processes.sh
source "$HERE/processes.sh"

# knot_conf DIR PORT ROLE: a Knot configuration; ROLE primary (zone from its file, changes kept
# for IXFR, NOTIFY to the secondary) or secondary (as deploy/secondaries.md's template).
knot_conf() {
    local dir=$1 port=$2 role=$3
    cat <<KNOT
server:
    listen: 127.0.0.1@$port
    rundir: $dir
    tcp-remote-io-timeout: 120000
database:
    storage: $dir/data
log:
  - target: $dir/knot.log
    any: info
remote:
  - id: primary
    address: 127.0.0.1@$PORT
  - id: secondary
    address: 127.0.0.1@$((PORT + 1))
acl:
  - id: local
    address: 127.0.0.1
    action: [transfer, notify]
template:
  - id: default
    storage: $dir/data
    zonefile-sync: -1
    journal-content: changes
    journal-max-usage: 4G
KNOT
    if [[ $role == primary ]]; then
        printf 'zone:\n  - domain: %s\n    file: %s\n    notify: secondary\n    acl: local\n' "$ZONE" "$dir/zone.txt"
    else
        printf 'zone:\n  - domain: %s\n    master: primary\n    acl: local\n    zonefile-load: none\n' "$ZONE"
    fi
}

serial() { dig +short +tries=1 +timeout=2 -p "$1" @127.0.0.1 "$ZONE" SOA 2>/dev/null | awk '{print $3}'; }

for entries in "$@"; do
    names=$((entries * 355 / 200)) # 3.55 records an entry, two records a name
    rm -rf "$WORK"; mkdir -p "$WORK/primary/data" "$WORK/secondary/data"
    python3 - "$names" "$ZONE" >"$WORK/primary/zone.txt" <<'PY'
import sys
n, zone = int(sys.argv[1]), sys.argv[2]
out = sys.stdout
out.write(f"$ORIGIN {zone}.\n$TTL 300\n")
out.write("@ 3600 SOA ns.rbl.bench.test. hostmaster.rbl.bench.test. 1 3600 600 604800 60\n")
out.write("@ 3600 NS ns.rbl.bench.test.\n")
# Distinct addresses spread over 10.0.0.0/8 (an odd multiplier permutes 24 bits).
for i in range(n):
    a = (i * 2654435761) & 0xffffff
    ip = f"10.{a >> 16}.{(a >> 8) & 255}.{a & 255}"
    name = ".".join(reversed(ip.split(".")))
    out.write(f'{name} A 127.0.0.2\n{name} TXT "Blocked: {ip}"\n')
PY
    records=$((names * 2 + 2))
    knot_conf "$WORK/primary" "$PORT" primary >"$WORK/primary/knot.conf"
    knot_conf "$WORK/secondary" $((PORT + 1)) secondary >"$WORK/secondary/knot.conf"
    load0=$(cut -d' ' -f1 /proc/loadavg)
    knotd -c "$WORK/primary/knot.conf" >>"$WORK/primary/stdout.log" 2>&1 & PIDS+=($!)
    for _ in $(seq 1200); do [[ $(serial "$PORT") == 1 ]] && break; sleep 0.5; done
    [[ $(serial "$PORT") == 1 ]] || { echo "the primary did not load the zone; see $WORK/primary/knot.log" >&2; exit 1; }
    t0=$(date +%s.%N)
    knotd -c "$WORK/secondary/knot.conf" >>"$WORK/secondary/stdout.log" 2>&1 & PIDS+=($!)
    for _ in $(seq 2400); do [[ $(serial $((PORT + 1))) == 1 ]] && break; sleep 0.5; done
    [[ $(serial $((PORT + 1))) == 1 ]] || { echo "the secondary did not load the zone; see $WORK/secondary/knot.log" >&2; exit 1; }
    axfr=$(echo "$(date +%s.%N) - $t0" | bc -l)
    times=()
    for i in $(seq 1 "$CHANGES"); do
        name="$i.0.0.198"
        knotc -s "$WORK/primary/knot.sock" zone-begin "$ZONE" >/dev/null
        knotc -s "$WORK/primary/knot.sock" zone-set "$ZONE" "$name" 300 A 127.0.0.2 >/dev/null
        knotc -s "$WORK/primary/knot.sock" zone-commit "$ZONE" >/dev/null
        t0=$(date +%s.%N)
        answered=
        for _ in $(seq $((TIMEOUT * 20))); do
            if [[ -n $(dig +short +tries=1 +timeout=1 -p $((PORT + 1)) @127.0.0.1 "$name.$ZONE" A) ]]; then
                answered=$(echo "$(date +%s.%N) - $t0" | bc -l); break
            fi
            sleep 0.05
        done
        [[ -n $answered ]] || { echo "change $i not answered within ${TIMEOUT}s; see $WORK/secondary/knot.log" >&2; exit 1; }
        times+=("$answered")
    done
    # Knot's own time for each change, from the secondary's "zone updated, N seconds" lines.
    updated=$(grep -o 'zone updated, [0-9.]* seconds' "$WORK/secondary/knot.log" | awk '{print $3}' | tail -n "$CHANGES" |
        sort -n | awk '{a[NR] = $1} END {if (NR) printf "%.2f-%.2f", a[1], a[NR]; else printf "none"}')
    printf '%s\n' "${times[@]}" | sort -n | awk -v e="$entries" -v r="$records" -v x="$axfr" -v u="$updated" \
        -v l0="$load0" -v l1="$(cut -d' ' -f1 /proc/loadavg)" '
        {t[NR] = $1}
        END {
            p50 = t[int((NR + 1) / 2)]; i99 = int(0.99 * NR + 0.999); if (i99 < 1) i99 = 1
            printf "knot entries=%d records=%d axfr_s=%.1f changes=%d p50_s=%.2f p99_s=%.2f max_s=%.2f knot_updated_s=%s load=%s->%s\n",
                e, r, x, NR, p50, t[i99], t[NR], u, l0, l1
        }'
    cleanup
done
