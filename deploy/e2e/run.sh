#!/usr/bin/env bash
# End-to-end test: real Postfix, through a real caching resolver (unbound), asks Palisade.
#
#   sudo deploy/e2e/run.sh            (from the repository; needs root for `ip netns`)
#
# Builds a private network namespace with only a loopback interface (all of 127.0.0.0/8, ::1 and
# a few fd00:e2e::/64 addresses on it) and runs inside it:
#   - Palisade (target/palisade.jar, built if missing) with an H2 database in a scratch directory,
#     DNS on 127.0.0.1:5353, HTTP on 127.0.0.1:8080, short TTLs;
#   - unbound on 127.0.0.1:53, forwarding rbl.palisade.test to Palisade as a stub zone, which is
#     how sites deploy a DNSBL (the namespace's /etc/netns/<name>/resolv.conf points at it);
#   - a private Postfix instance (own config and queue directories) on port 25, configured as
#     deploy/postfix.md recommends: permit_dnswl_client before reject_rbl_client with
#     =127.0.0.[2..255] filters, reject_rhsbl_sender, rbl_reply_maps.
# It lists entries through the REST API, speaks SMTP with swaks from chosen source addresses and
# checks Postfix's replies, then checks Postfix's log for DNS lookup errors (Postfix accepts mail
# when a DNSBL lookup fails, so a silent resolver problem would look like a pass).
#
# Then two nodes on one PostgreSQL (a private cluster made with initdb, inside the namespace, on
# 127.0.0.1:5432 there; the host's own PostgreSQL is never touched): node A (DNS 127.0.0.1:5354,
# HTTP 8081) and node B (DNS 127.0.0.1:5353, HTTP 8082) replace the H2 Palisade, and unbound's
# stub zone lists both, as a site lists its name servers. An entry PUT through A's API must be
# answered by B's DNS within a second, and then by Postfix (through unbound, from either node); a
# DELETE through B must stop A answering within a second. Then A is killed (kill -9) mid-run, and
# every case after it must still pass through unbound, which still lists A: an entry written
# through A before the kill, a write and a delete through B.
#
# Prints one line per case, then "N passed, M failed"; exits non-zero on any failure. Everything
# it started is stopped and the namespace removed on every exit path. The scratch directory (logs)
# is kept on failure and named in the output.
#
# Needs: ip (iproute2), java 17+, postfix, unbound, swaks, curl, jq, dig, runuser and the
# PostgreSQL server binaries (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin).
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
JAR=${JAR:-$ROOT/target/palisade.jar}
NS=palisade-e2e-$$
WORK=$(mktemp -d /tmp/palisade-e2e.XXXXXX)
chmod 755 "$WORK"
BASE=rbl.palisade.test
API=http://127.0.0.1:8080/api/v1
# The longest a Palisade may take to start (a busy CI machine needs far more than the usual 10 s).
START_TIMEOUT=${START_TIMEOUT:-180}
TOKEN=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
PASSED=0
FAILED=0
PIDS=()

log() { printf '%s\n' "$*" >&2; }
in_ns() { ip netns exec "$NS" "$@"; }

cleanup() {
  local status=$?
  set +e
  if [[ -d $WORK/postfix ]]; then
    in_ns postfix -c "$WORK/postfix" stop >/dev/null 2>&1
  fi
  if [[ -f $WORK/pg/data/postmaster.pid ]]; then
    in_ns runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1
  fi
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for _ in $(seq 1 20); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.25
  done
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  # Anything still in our namespace was started by this script (Postfix's children).
  for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
  ip netns delete "$NS" 2>/dev/null
  rm -rf "/etc/netns/$NS"
  if [[ $status == 0 && $FAILED == 0 ]]; then
    rm -rf "$WORK"
  else
    log "logs kept in $WORK (palisade.log, unbound.log, maillog)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in ip java postfix unbound swaks curl jq dig runuser; do
  command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 2; }
done
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $PGBIN/initdb && -x $PGBIN/pg_ctl ]] ||
  { log "missing tool: the PostgreSQL server (initdb, pg_ctl under /usr/lib/postgresql/*/bin)"; exit 2; }
[[ $(id -u) == 0 ]] || { log "run as root: ip netns needs it"; exit 2; }
if [[ ! -f $JAR ]]; then
  log "building $JAR"
  ./mvnw -q -DskipTests package
fi

# ---- the namespace ----------------------------------------------------------------------------
ip netns add "$NS"
mkdir -p "/etc/netns/$NS"
echo "nameserver 127.0.0.1" >"/etc/netns/$NS/resolv.conf"
echo "127.0.0.1 localhost mx.e2e.test" >"/etc/netns/$NS/hosts"
in_ns ip link set lo up
in_ns sysctl -qw net.ipv6.conf.lo.disable_ipv6=0 || true
for address in fd00:e2e::10 fd00:e2e::11 fd00:e2e::99 fd00:e2e:0:1::7; do
  in_ns ip -6 addr add "$address/128" dev lo nodad
done

# ---- Palisade ---------------------------------------------------------------------------------
# TTLs of 1 second and a 1-second negative TTL keep the delisting and expiry cases fast.
# Started with `ip netns exec` itself, not the in_ns function: a function run in the background
# is a subshell, and its PID would not be Palisade's.
ip netns exec "$NS" env PALISADE_API_BOOTSTRAP_TOKEN="$TOKEN" java -Xmx512m -jar "$JAR" \
  --spring.datasource.url="jdbc:h2:file:$WORK/db/palisade" \
  --palisade.samples.import-on-empty=false \
  --palisade.dns.address=127.0.0.1 --palisade.dns.port=5353 --palisade.dns.ttl=1 \
  --palisade.dns.soa.ttl=1 --palisade.dns.soa.minimum=1 \
  --palisade.listing.expiry-check=1s \
  --server.address=127.0.0.1 --server.port=8080 >"$WORK/palisade.log" 2>&1 &
PIDS+=($!)

# ---- unbound ----------------------------------------------------------------------------------
mkdir -p "$WORK/unbound"
cat >"$WORK/unbound/unbound.conf" <<EOF
server:
    interface: 127.0.0.1
    interface: ::1
    port: 53
    access-control: 127.0.0.0/8 allow
    access-control: ::1/128 allow
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "$WORK/unbound"
    pidfile: "$WORK/unbound/unbound.pid"
    logfile: "$WORK/unbound.log"
    use-syslog: no
    verbosity: 1
    # Palisade listens on 127.0.0.1: unbound refuses to query localhost unless told.
    do-not-query-localhost: no
    # The zone is not signed; without this a validating resolver answers SERVFAIL.
    domain-insecure: "$BASE"
    # Short caches for the delisting and expiry cases; in production keep the defaults and
    # let Palisade's TTLs (palisade.dns.ttl, soa.minimum) decide.
    cache-max-ttl: 1
    cache-max-negative-ttl: 1
    # QNAME minimisation is on by default: it walks the empty non-terminals Palisade answers.
    qname-minimisation: yes
    # unbound answers NXDOMAIN for the special-use .test TLD (RFC 6761) unless told otherwise;
    # only needed because the test base zone is under .test.
    local-zone: "test." nodefault
stub-zone:
    name: "$BASE"
    stub-addr: 127.0.0.1@5353
EOF
in_ns unbound -d -c "$WORK/unbound/unbound.conf" >>"$WORK/unbound.log" 2>&1 &
PIDS+=($!)
UNBOUND=$!

# ---- Postfix ----------------------------------------------------------------------------------
PF=$WORK/postfix
mkdir -p "$PF" "$WORK/spool" "$WORK/pfdata"
chown postfix "$WORK/pfdata"
SCOPE=demo-mx1
cat >"$PF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $WORK/spool
data_directory = $WORK/pfdata
maillog_file = $WORK/maillog
maillog_file_prefixes = $WORK
myhostname = mx.e2e.test
mydomain = e2e.test
myorigin = \$mydomain
mydestination = e2e.test
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = all
inet_protocols = all
smtpd_banner = \$myhostname ESMTP
biff = no
smtputf8_enable = no
# No reverse lookups of the 127.x test clients: only the DNSBL queries matter here.
smtpd_peername_lookup = no
smtpd_relay_restrictions = reject_unauth_destination
# The snippet Palisade's UI generates for mail server mx1 of account demo:
smtpd_recipient_restrictions =
    permit_dnswl_client $SCOPE.wl.$BASE=127.0.0.[2..255],
    reject_rbl_client $SCOPE.bl.$BASE=127.0.0.[2..255],
    reject_rhsbl_sender $SCOPE.dbl.$BASE=127.0.0.[2..255],
    reject_unauth_destination,
    permit
rbl_reply_maps = texthash:$PF/rbl_reply
EOF
# The key is the list exactly as written in the restriction, "=filter" included.
cat >"$PF/rbl_reply" <<EOF
$SCOPE.bl.$BASE=127.0.0.[2..255]    \$rbl_code 5.7.1 Palisade: client [\$rbl_what] is blocked: \$rbl_reason
$SCOPE.dbl.$BASE=127.0.0.[2..255]   \$rbl_code 5.7.1 Palisade: sender \$rbl_what is blocked: \$rbl_reason
EOF
cat >"$PF/master.cf" <<EOF
# max_use=1: smtpd keeps DNSBL results for the life of its process; a fresh process per
# connection lets the delisting and expiry cases see the change at once.
smtp      inet  n       -       n       -       -       smtpd -o max_use=1
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
in_ns postfix -c "$PF" check >"$WORK/postfix-check.log" 2>&1 || { cat "$WORK/postfix-check.log" >&2; exit 1; }
in_ns postfix -c "$PF" start >>"$WORK/postfix-check.log" 2>&1 || { cat "$WORK/postfix-check.log" >&2; exit 1; }

# ---- wait until everything answers ------------------------------------------------------------
ready=0
for _ in $(seq 1 $((START_TIMEOUT * 2))); do
  if in_ns curl -fsS -o /dev/null "http://127.0.0.1:8080/actuator/health" 2>/dev/null; then
    ready=1
    break
  fi
  kill -0 "${PIDS[0]}" 2>/dev/null || break
  sleep 0.5
done
[[ $ready == 1 ]] || { log "Palisade did not start:"; tail -30 "$WORK/palisade.log" >&2; exit 1; }
for _ in $(seq 1 40); do
  in_ns bash -c 'exec 3<>/dev/tcp/127.0.0.1/25' 2>/dev/null && break
  sleep 0.25
done

api() { # METHOD PATH [JSON]
  local method=$1 path=$2 body=${3:-}
  local args=(-sS --max-time 10 -o "$WORK/api.out" -w '%{http_code}' -X "$method"
    -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
  [[ -n $body ]] && args+=(--data "$body")
  local code
  code=$(in_ns curl "${args[@]}" "$API$path")
  if [[ $code != 2* ]]; then
    log "API $method $path -> $code: $(cat "$WORK/api.out")"
    return 1
  fi
}

# ---- the lists --------------------------------------------------------------------------------
api POST /accounts '{"slug":"demo","name":"End-to-end"}'
api POST /accounts/demo/servers '{"name":"mx1"}'
ENTRIES=/accounts/demo/servers/mx1/entries
ACCOUNT_ENTRIES=/accounts/demo/entries
api PUT $ENTRIES '{"list":"block","value":"127.0.1.10","reason":"Spam trap hit from $"}'
api PUT $ENTRIES '{"list":"block","value":"fd00:e2e::10","reason":"IPv6 spam source $"}'
api PUT $ENTRIES '{"list":"block","value":"fd00:e2e:0:1::/64","reason":"IPv6 range $"}'
api PUT $ENTRIES '{"list":"block","value":"127.0.2.0/24","reason":"Dynamic range $"}'
api PUT $ENTRIES '{"list":"allow","value":"127.0.2.20"}'
api PUT $ACCOUNT_ENTRIES '{"list":"block","value":"127.0.3.0/24","reason":"Blocked account-wide: $"}'
api PUT $ENTRIES '{"list":"allow","value":"127.0.3.9"}'
api PUT $ACCOUNT_ENTRIES '{"list":"block","value":"spam.example","reason":"Spam domain $"}'
api PUT $ACCOUNT_ENTRIES '{"list":"block","value":".bulk.example","reason":"Bulk mailer $"}'
api PUT $ENTRIES '{"list":"block","value":"127.0.4.4","reason":"Expires soon","ttl":6}'
EXPIRY_SET=$(date +%s)
api PUT $ENTRIES '{"list":"block","value":"127.0.5.5","reason":"Delist me"}'

# ---- SMTP -------------------------------------------------------------------------------------
# The reply to RCPT TO, e.g. "554 5.7.1 ..." or "250 2.1.5 Ok".
rcpt_reply() { # SOURCE SERVER SENDER
  local source=$1 server=$2 sender=$3
  in_ns swaks --server "$server" --port 25 --local-interface "$source" \
    --from "$sender" --to "postmaster@e2e.test" --helo client.e2e.test \
    --quit-after RCPT --timeout 20 2>&1 |
    { awk '/-> RCPT TO/ {rcpt=1; next} rcpt && /^ *<[-*~]+ / {sub(/^ *<[-*~]+ +/, ""); print; exit}'; } || true
}

check() { # NAME EXPECT(accept|reject) SOURCE SERVER SENDER [TEXT]
  local name=$1 expect=$2 source=$3 server=$4 sender=$5 text=${6:-}
  local reply ok=0
  reply=$(rcpt_reply "$source" "$server" "$sender")
  case $expect in
    accept) [[ $reply == 250* ]] && ok=1 ;;
    reject) [[ $reply == 554* && $reply == *"$text"* ]] && ok=1 ;;
  esac
  if [[ $ok == 1 ]]; then
    PASSED=$((PASSED + 1))
    printf 'pass  %-58s %s\n' "$name" "$reply"
  else
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-58s expected %s%s, got: %s\n' "$name" "$expect" "${text:+ ($text)}" "${reply:-no reply}"
  fi
}

# Polls until the reply is what is expected, for changes that wait on caches: at most LIMIT s.
check_eventually() { # LIMIT NAME EXPECT SOURCE SERVER SENDER
  local limit=$1
  shift
  local deadline=$((SECONDS + limit)) reply
  while ((SECONDS < deadline)); do
    reply=$(rcpt_reply "$3" "$4" "$5")
    [[ $2 == accept && $reply == 250* ]] && break
    sleep 1
  done
  check "$@"
}

V4=127.0.0.1
V6=::1
check "blocked IPv4 address is rejected with its reason" reject 127.0.1.10 $V4 a@ok.example \
  "Palisade: client [127.0.1.10] is blocked: Spam trap hit from 127.0.1.10"
check "blocked IPv6 address is rejected" reject fd00:e2e::10 $V6 a@ok.example \
  "IPv6 spam source fd00:e2e::10"
check "IPv6 address inside a blocked /64 is rejected" reject fd00:e2e:0:1::7 $V6 a@ok.example \
  "IPv6 range fd00:e2e:0:1::7"
check "unlisted IPv6 address is accepted" accept fd00:e2e::99 $V6 a@ok.example
check "address inside a blocked CIDR is rejected" reject 127.0.2.77 $V4 a@ok.example \
  "Dynamic range 127.0.2.77"
check "allowed address inside a blocked range is accepted" accept 127.0.2.20 $V4 a@ok.example
check "account-wide block is seen by the server's zone" reject 127.0.3.5 $V4 a@ok.example \
  "Blocked account-wide: 127.0.3.5"
check "server-level allow overrides the account-wide block" accept 127.0.3.9 $V4 a@ok.example
check "unlisted address is accepted" accept 127.0.9.9 $V4 a@ok.example
check "sender domain on the domain list is rejected (exact)" reject 127.0.9.9 $V4 x@spam.example \
  "Palisade: sender x@spam.example is blocked: Spam domain spam.example"
check "subdomain of a .domain entry is rejected" reject 127.0.9.9 $V4 x@mail.bulk.example \
  "Bulk mailer bulk.example"
check "the .domain entry's own name is rejected" reject 127.0.9.9 $V4 x@bulk.example \
  "Bulk mailer bulk.example"
check "unlisted sender domain is accepted" accept 127.0.9.9 $V4 x@notspam.example
check "entry that will expire is rejected first" reject 127.0.4.4 $V4 a@ok.example "Expires soon"
check "entry listed for delisting is rejected first" reject 127.0.5.5 $V4 a@ok.example "Delist me"

api DELETE "$ENTRIES?list=block&value=127.0.5.5"
check_eventually 15 "delisted address is accepted once caches allow" accept 127.0.5.5 $V4 a@ok.example
wait_for=$((EXPIRY_SET + 6 - $(date +%s)))
((wait_for > 0)) && sleep "$wait_for"
check_eventually 15 "expired entry is accepted" accept 127.0.4.4 $V4 a@ok.example

# ---- two nodes on one PostgreSQL ---------------------------------------------------------------
# A private PostgreSQL cluster inside the namespace (its 127.0.0.1:5432 is not the host's).
mkdir -p "$WORK/pg"
chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U postgres -E UTF8 --no-sync \
  >"$WORK/pg/initdb.log" 2>&1 || { cat "$WORK/pg/initdb.log" >&2; exit 1; }
in_ns runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -c port=5432 -c unix_socket_directories=$WORK/pg -c fsync=off" \
  start >/dev/null || { cat "$WORK/pg/postgres.log" >&2; exit 1; }

# The H2 Palisade leaves 127.0.0.1:5353, where unbound asks, to node B.
kill "${PIDS[0]}" 2>/dev/null || true
for _ in $(seq 1 240); do kill -0 "${PIDS[0]}" 2>/dev/null || break; sleep 0.25; done
kill -9 "${PIDS[0]}" 2>/dev/null && sleep 1 || true

start_node() { # NAME DNS_PORT HTTP_PORT
  ip netns exec "$NS" env PALISADE_API_BOOTSTRAP_TOKEN="$TOKEN" \
    PALISADE_DB_URL=jdbc:postgresql://127.0.0.1:5432/postgres PALISADE_DB_USER=postgres \
    java -Xmx384m -jar "$JAR" --spring.profiles.active=postgres \
    --palisade.cluster.node-name="$1" --palisade.index.file="$WORK/$1.index" \
    --palisade.dns.address=127.0.0.1 --palisade.dns.port="$2" --palisade.dns.ttl=1 \
    --palisade.dns.soa.ttl=1 --palisade.dns.soa.minimum=1 \
    --server.address=127.0.0.1 --server.port="$3" >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
}
wait_node() { # NAME HTTP_PORT PID
  for _ in $(seq 1 $((START_TIMEOUT * 4))); do
    in_ns curl -fsS -o /dev/null "http://127.0.0.1:$2/actuator/health" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.25
  done
  log "$1 did not start:"
  tail -30 "$WORK/$1.log" >&2
  exit 1
}
# One after the other: the first start creates the schema, the operator token and user.
start_node node-a 5354 8081
NODE_A=${PIDS[-1]}
wait_node node-a 8081 "$NODE_A"
start_node node-b 5353 8082
NODE_B=${PIDS[-1]}
API_A=http://127.0.0.1:8081/api/v1
API_B=http://127.0.0.1:8082/api/v1
API=$API_A api POST /accounts '{"slug":"demo","name":"End-to-end, two nodes"}'
API=$API_A api POST /accounts/demo/servers '{"name":"mx1"}'
wait_node node-b 8082 "$NODE_B"

# unbound's stub zone lists both nodes from here on, as a site lists its name servers (SIGHUP:
# unbound reads its configuration again and starts with empty caches).
sed -i 's/^    stub-addr: 127.0.0.1@5353$/    stub-addr: 127.0.0.1@5353\n    stub-addr: 127.0.0.1@5354/' \
  "$WORK/unbound/unbound.conf"
grep -q 'stub-addr: 127.0.0.1@5354' "$WORK/unbound/unbound.conf" || { log "stub zone not edited"; exit 1; }
kill -HUP "$UNBOUND"
sleep 1

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# The A record a node's DNS answers for a name, or the rcode when there is none.
dns_answer() { # PORT NAME
  local out
  out=$(in_ns dig +tries=1 +time=1 -p "$1" @127.0.0.1 "$2" A +noall +answer +comments 2>/dev/null)
  if [[ $out =~ status:\ ([A-Z]+) ]] && [[ ${BASH_REMATCH[1]} != NOERROR ]]; then
    echo "${BASH_REMATCH[1]}"
  else
    awk '$4 == "A" {print $5; exit}' <<<"$out"
  fi
}
# Passes when the node's DNS answers EXPECT for NAME within LIMIT ms of SINCE (ms).
check_dns_within() { # NAME PORT DNSNAME EXPECT SINCE LIMIT
  local name=$1 port=$2 qname=$3 expect=$4 since=$5 limit=$6 got elapsed
  while :; do
    got=$(dns_answer "$port" "$qname")
    elapsed=$(($(now_ms) - since))
    [[ $got == "$expect" ]] && break
    ((elapsed > limit + 2000)) && break
    sleep 0.02
  done
  if [[ $got == "$expect" ]] && ((elapsed <= limit)); then
    PASSED=$((PASSED + 1))
    printf 'pass  %-58s %s in %d ms\n' "$name" "$got" "$elapsed"
  else
    FAILED=$((FAILED + 1))
    printf 'FAIL  %-58s expected %s within %d ms, got %s after %d ms\n' "$name" "$expect" "$limit" "${got:-nothing}" "$elapsed"
  fi
}

TWO=6.6.0.127.$SCOPE.bl.$BASE
# B knows the server A created (its zone answers the RFC 5782 test point) before the timed cases.
check_dns_within "node B serves the zones created through node A" 5353 "2.0.0.127.$SCOPE.bl.$BASE" \
  127.0.0.2 "$(now_ms)" 10000
API=$API_A api PUT $ENTRIES '{"list":"block","value":"127.0.6.6","reason":"Written through node A: $"}'
WRITTEN=$(now_ms)
check_dns_within "entry PUT through node A is answered by node B's DNS" 5353 "$TWO" 127.0.0.2 "$WRITTEN" 1000
check "...and by Postfix, through unbound and either node" reject 127.0.6.6 $V4 a@ok.example \
  "Written through node A: 127.0.6.6"
API=$API_A api PUT $ENTRIES '{"list":"block","value":"127.0.6.8","reason":"Written through node A before it died: $"}'
check_dns_within "a second entry PUT through node A is answered by node B" 5353 \
  "8.6.0.127.$SCOPE.bl.$BASE" 127.0.0.2 "$(now_ms)" 1000
API=$API_B api DELETE "$ENTRIES?list=block&value=127.0.6.6"
DELETED=$(now_ms)
check_dns_within "entry DELETEd through node B stops node A answering" 5354 "$TWO" NXDOMAIN "$DELETED" 1000
check_eventually 5 "...and Postfix accepts the address again" accept 127.0.6.6 $V4 a@ok.example
if API=$API_A api GET /nodes &&
  [[ $(jq -r '[.[] | select(.state == "running") | .name] | sort | join(",")' "$WORK/api.out") == node-a,node-b ]]; then
  PASSED=$((PASSED + 1))
  printf 'pass  %-58s %s\n' "node A lists both nodes running" "$(jq -c '[.[] | {name, appliedSerial, lagChanges}]' "$WORK/api.out")"
else
  FAILED=$((FAILED + 1))
  printf 'FAIL  %-58s %s\n' "node A lists both nodes running" "$(cat "$WORK/api.out")"
fi
kill -9 "$NODE_A"
wait "$NODE_A" 2>/dev/null || true # (so bash does not report the killed job)
# unbound still lists node A: every case now goes through a stub zone with one name server dead.
check "node A killed: its entry still reaches Postfix through node B" reject 127.0.6.8 $V4 \
  a@ok.example "Written through node A before it died: 127.0.6.8"
API=$API_B api PUT $ENTRIES '{"list":"block","value":"127.0.6.7","reason":"Written with node A gone: $"}'
check "node A killed: a write through node B reaches Postfix" reject 127.0.6.7 $V4 a@ok.example \
  "Written with node A gone: 127.0.6.7"
API=$API_B api DELETE "$ENTRIES?list=block&value=127.0.6.8"
check_eventually 5 "node A killed: a delete through node B reaches Postfix" accept 127.0.6.8 $V4 \
  a@ok.example
check "node A killed: an address never listed is accepted" accept 127.0.6.9 $V4 a@ok.example

# Postfix accepts mail when a DNSBL lookup fails; a pass must not come from there.
sleep 1
if grep -Eiq 'lookup error|temporary failure|RBL lookup|dns.*(fail|error)' "$WORK/maillog"; then
  FAILED=$((FAILED + 1))
  printf 'FAIL  %-58s %s\n' "Postfix logged no DNS lookup errors" \
    "$(grep -Ei 'lookup error|temporary failure|RBL lookup|dns.*(fail|error)' "$WORK/maillog" | head -3)"
else
  PASSED=$((PASSED + 1))
  printf 'pass  %-58s\n' "Postfix logged no DNS lookup errors"
fi
if grep -q 'reject: RCPT' "$WORK/maillog"; then
  PASSED=$((PASSED + 1))
  printf 'pass  %-58s\n' "Postfix logged its rejections (the log is read)"
else
  FAILED=$((FAILED + 1))
  printf 'FAIL  %-58s\n' "Postfix logged its rejections (the log is read)"
fi

# E2E_DEBUG=1 keeps everything running for up to 10 minutes to look around (ip netns exec ...).
if [[ -n ${E2E_DEBUG:-} ]]; then
  touch "$WORK/pause"
  log "paused: namespace $NS, work $WORK; rm $WORK/pause to finish"
  for _ in $(seq 1 600); do [[ -f $WORK/pause ]] || break; sleep 1; done
fi

echo "$PASSED passed, $FAILED failed"
[[ $FAILED == 0 ]]
