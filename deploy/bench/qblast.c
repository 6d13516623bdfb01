/* qblast - batching UDP DNS load generator that checks answers (one thread, 127.0.0.1 only).
 *
 * Why: dnsperf makes one system call per query and tops out near 160k q/s on one core, below
 * what the servers under test answer. qblast sends and receives with sendmmsg/recvmmsg, so the
 * generator's core outruns the server's.
 *
 *   qblast -p PORT -f queries.tsv [-l seconds] [-Q rate] [-q outstanding] [-b batch]
 *          [-c sockets] [-t timeout_s] [-k check_every]
 *
 * queries.tsv: "qname<TAB>qtype<TAB>expected" per line (gen-data.py), expected = NXDOMAIN,
 * an A value or a TXT text. Queries are sent in file order, round and round.
 * Closed loop by default (keep -q queries outstanding); -Q RATE paces sending to RATE q/s
 * (open loop as long as the window allows), for latency at a fixed offered load.
 * Every k-th answer (-k, default 1 = all) is checked against its expected verdict: for listed
 * names NOERROR with the A value or the TXT text; for the others no A/TXT record, NXDOMAIN or
 * NOERROR (NODATA, which Palisade answers for a name with listed names below it, RFC 8020).
 *
 * Prints one line:
 *   RESULT qps=.. sent=.. completed=.. lost=.. checked=.. mismatches=.. p50_us=.. p99_us=..
 *          p999_us=.. max_us=..
 * and up to 5 "MISMATCH ..." lines before it. Exit status 0, or 3 when an answer was wrong.
 * SIGTERM ends the run early, as if -l had been that long: in-flight answers are still
 * collected and the line is printed (for loads that last as long as something else runs).
 * Latency is taken per batch: before sendmmsg, after recvmmsg (1 us buckets below 10 ms).
 *
 * Build: gcc -O2 -o qblast qblast.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXBATCH 128
#define HIST_US 10000 /* 1 us buckets up to 10 ms, then one overflow bucket per ms up to 10 s */
#define HIST_MS 10000

static uint64_t hist[HIST_US + HIST_MS + 1];

static volatile sig_atomic_t term;
static void on_term(int sig) { (void)sig; term = 1; }

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void record_latency(uint64_t ns) {
    uint64_t us = ns / 1000;
    if (us < HIST_US) hist[us]++;
    else if (us / 1000 < HIST_MS) hist[HIST_US + us / 1000]++;
    else hist[HIST_US + HIST_MS]++;
}

static double percentile(uint64_t total, double p) {
    if (!total) return 0;
    uint64_t want = (uint64_t)(p * (double)total), seen = 0;
    if (want >= total) want = total - 1;
    for (size_t b = 0; b < sizeof hist / sizeof hist[0]; b++) {
        seen += hist[b];
        if (seen > want) return b < HIST_US ? (double)b + 0.5 : (double)(b - HIST_US) * 1000.0 + 500;
    }
    return 0;
}

typedef struct {
    uint32_t off;     /* wire query in pool */
    uint16_t len;
    uint16_t qtype;
    int32_t expect;   /* -1 NXDOMAIN, else offset of expected text in pool */
    uint16_t elen;
    uint8_t is_a;
} query_t;

typedef struct {
    int fd;
    uint16_t next_id;
    int inflight;
    uint64_t sent_at[65536]; /* 0 = free */
    uint32_t index[65536];
} sock_t;

static unsigned char *pool;
static size_t pool_used, pool_cap;

static size_t pool_add(const void *p, size_t n) {
    if (pool_used + n > pool_cap) {
        pool_cap = (pool_used + n) * 2;
        pool = realloc(pool, pool_cap);
        if (!pool) { perror("realloc"); exit(1); }
    }
    memcpy(pool + pool_used, p, n);
    pool_used += n;
    return pool_used - n;
}

/* Skips a possibly compressed name; returns the offset after it, or -1. */
static int skip_name(const unsigned char *m, int len, int at) {
    while (at < len) {
        int l = m[at];
        if (l == 0) return at + 1;
        if ((l & 0xc0) == 0xc0) return at + 2 <= len ? at + 2 : -1;
        at += 1 + l;
    }
    return -1;
}

/* 1 when the answer matches the expectation. */
static int check(const query_t *q, const unsigned char *m, int len) {
    if (len < 12) return 0;
    int rcode = m[3] & 15, an = (m[6] << 8) | m[7];
    /* not listed: NXDOMAIN, or NODATA for a name with listed names below it (RFC 8020) */
    if (q->expect < 0) return (rcode == 3 || rcode == 0) && an == 0;
    if (rcode != 0) return 0;
    int at = skip_name(m, len, 12);
    if (at < 0) return 0;
    at += 4;
    const char *want = (const char *)pool + q->expect;
    for (int i = 0; i < an; i++) {
        at = skip_name(m, len, at);
        if (at < 0 || at + 10 > len) return 0;
        int type = (m[at] << 8) | m[at + 1], rdlen = (m[at + 8] << 8) | m[at + 9];
        at += 10;
        if (at + rdlen > len) return 0;
        if (type == 1 && q->is_a && rdlen == 4) {
            char text[16];
            snprintf(text, sizeof text, "%u.%u.%u.%u", m[at], m[at + 1], m[at + 2], m[at + 3]);
            if (strlen(text) == q->elen && !memcmp(text, want, q->elen)) return 1;
        } else if (type == 16 && !q->is_a) {
            char text[1024];
            int n = 0;
            for (int p = at; p < at + rdlen;) {
                int l = m[p++];
                if (p + l > at + rdlen || n + l > (int)sizeof text) return 0;
                memcpy(text + n, m + p, l);
                n += l;
                p += l;
            }
            if (n == q->elen && !memcmp(text, want, n)) return 1;
        }
        at += rdlen;
    }
    return 0;
}

static query_t *load(const char *file, size_t *count) {
    FILE *f = fopen(file, "r");
    if (!f) { perror(file); exit(1); }
    size_t cap = 1 << 16, n = 0;
    query_t *qs = malloc(cap * sizeof *qs);
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        char *name = strtok(line, "\t\n"), *type = strtok(NULL, "\t\n"), *exp = strtok(NULL, "\t\n");
        if (!name || !type || !exp || name[0] == '#') continue;
        unsigned char wire[600];
        memset(wire, 0, 12);
        wire[5] = 1; /* QDCOUNT; RD clear, as a mail server's stub resolver would not ask us to recurse */
        int p = 12;
        for (char *label = name; *label;) {
            char *dot = strchr(label, '.');
            size_t l = dot ? (size_t)(dot - label) : strlen(label);
            if (l == 0 || l > 63 || p + l + 6 > sizeof wire) { fprintf(stderr, "bad name %s\n", name); exit(1); }
            wire[p++] = (unsigned char)l;
            memcpy(wire + p, label, l);
            p += (int)l;
            label += l + (dot ? 1 : 0);
        }
        wire[p++] = 0;
        int qtype = !strcmp(type, "TXT") ? 16 : !strcmp(type, "A") ? 1 : !strcmp(type, "ANY") ? 255 : -1;
        if (qtype < 0) { fprintf(stderr, "unsupported qtype %s\n", type); exit(1); }
        wire[p++] = 0; wire[p++] = (unsigned char)qtype; wire[p++] = 0; wire[p++] = 1;
        if (n == cap) { cap *= 2; qs = realloc(qs, cap * sizeof *qs); }
        query_t *q = &qs[n++];
        q->off = (uint32_t)pool_add(wire, (size_t)p);
        q->len = (uint16_t)p;
        q->qtype = (uint16_t)qtype;
        q->is_a = qtype == 1;
        if (!strcmp(exp, "NXDOMAIN")) { q->expect = -1; q->elen = 0; }
        else { q->elen = (uint16_t)strlen(exp); q->expect = (int32_t)pool_add(exp, q->elen); }
    }
    fclose(f);
    *count = n;
    return qs;
}

int main(int argc, char **argv) {
    int port = 0, nsock = 4, window = 100, batch = 16, check_every = 1, opt;
    double seconds = 10, rate = 0, timeout = 1.0;
    const char *file = NULL;
    while ((opt = getopt(argc, argv, "p:f:l:Q:q:b:c:t:k:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'f': file = optarg; break;
        case 'l': seconds = atof(optarg); break;
        case 'Q': rate = atof(optarg); break;
        case 'q': window = atoi(optarg); break;
        case 'b': batch = atoi(optarg); break;
        case 'c': nsock = atoi(optarg); break;
        case 't': timeout = atof(optarg); break;
        case 'k': check_every = atoi(optarg); break;
        default: fprintf(stderr, "see the header of qblast.c for usage\n"); return 2;
        }
    }
    if (!file || port <= 0 || nsock < 1 || window < nsock || batch < 1 || batch > MAXBATCH
        || check_every < 1 || seconds <= 0 || seconds > 3600) {
        fprintf(stderr, "need -p and -f; 1 <= -b <= %d; -q >= -c; 0 < -l <= 3600\n", MAXBATCH);
        return 2;
    }
    size_t nq;
    query_t *qs = load(file, &nq);
    if (!nq) { fprintf(stderr, "no queries in %s\n", file); return 1; }

    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only, by design */
    sock_t *S = calloc((size_t)nsock, sizeof *S);
    struct pollfd *pfd = calloc((size_t)nsock, sizeof *pfd);
    for (int i = 0; i < nsock; i++) {
        S[i].fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        int size = 4 << 20;
        setsockopt(S[i].fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        setsockopt(S[i].fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
        if (S[i].fd < 0 || connect(S[i].fd, (struct sockaddr *)&to, sizeof to) < 0) { perror("socket"); return 1; }
        S[i].next_id = (uint16_t)(i * 7919u);
        pfd[i].fd = S[i].fd;
        pfd[i].events = POLLIN;
    }
    static unsigned char sbuf[MAXBATCH][600], rbuf[MAXBATCH][2048];
    struct mmsghdr smsg[MAXBATCH], rmsg[MAXBATCH];
    struct iovec siov[MAXBATCH], riov[MAXBATCH];
    memset(smsg, 0, sizeof smsg);
    memset(rmsg, 0, sizeof rmsg);
    for (int i = 0; i < MAXBATCH; i++) {
        siov[i].iov_base = sbuf[i];
        smsg[i].msg_hdr.msg_iov = &siov[i];
        smsg[i].msg_hdr.msg_iovlen = 1;
        riov[i].iov_base = rbuf[i];
        riov[i].iov_len = sizeof rbuf[i];
        rmsg[i].msg_hdr.msg_iov = &riov[i];
        rmsg[i].msg_hdr.msg_iovlen = 1;
    }

    uint64_t sent = 0, completed = 0, lost = 0, checked = 0, mismatches = 0, maxlat = 0;
    uint64_t t0 = now_ns(), tend = t0 + (uint64_t)(seconds * 1e9), tout = (uint64_t)(timeout * 1e9);
    uint64_t hard_end = tend + tout + 1000000000ull, last_scan = t0;
    size_t next = 0;
    int per_socket = window / nsock;
    signal(SIGTERM, on_term);
    for (unsigned round = 0;; round++) {
        uint64_t now = now_ns();
        if (term && now < tend) {
            tend = now; /* SIGTERM: stop sending, collect what is in flight, report */
            hard_end = tend + tout + 1000000000ull;
        }
        int sending = now < tend;
        if (!sending) {
            int inflight = 0;
            for (int i = 0; i < nsock; i++) inflight += S[i].inflight;
            if (!inflight || now >= hard_end) break;
        }
        if (sending) {
            uint64_t allowed = rate > 0 ? (uint64_t)((double)(now - t0) * rate / 1e9) + 1 : UINT64_MAX;
            for (int j = 0; j < nsock && sent < allowed; j++) {
                sock_t *s = &S[(j + round) % (unsigned)nsock];
                int n = per_socket - s->inflight;
                if (n <= 0) continue;
                if ((uint64_t)n > allowed - sent) n = (int)(allowed - sent);
                if (n > batch) n = batch;
                uint16_t ids[MAXBATCH];
                uint32_t idx[MAXBATCH];
                int k = 0;
                while (k < n) {
                    uint16_t id = s->next_id++;
                    if (s->sent_at[id]) continue; /* still outstanding after wrapping */
                    const query_t *q = &qs[next];
                    memcpy(sbuf[k], pool + q->off, q->len);
                    sbuf[k][0] = (unsigned char)(id >> 8);
                    sbuf[k][1] = (unsigned char)id;
                    siov[k].iov_len = q->len;
                    ids[k] = id;
                    idx[k] = (uint32_t)next;
                    if (++next == nq) next = 0;
                    k++;
                }
                uint64_t ts = now_ns();
                int r = sendmmsg(s->fd, smsg, (unsigned)k, 0);
                if (r < 0) r = 0;
                for (int i = 0; i < r; i++) {
                    s->sent_at[ids[i]] = ts;
                    s->index[ids[i]] = idx[i];
                }
                if (r < k) next = idx[r]; /* resend the unsent ones later, in order */
                s->inflight += r;
                sent += (uint64_t)r;
            }
        }
        int ready = poll(pfd, (nfds_t)nsock, rate > 0 ? 0 : 1);
        for (int i = 0; ready > 0 && i < nsock; i++) {
            if (!(pfd[i].revents & POLLIN)) continue;
            sock_t *s = &S[i];
            for (;;) {
                int r = recvmmsg(s->fd, rmsg, (unsigned)batch, MSG_DONTWAIT, NULL);
                if (r <= 0) break;
                uint64_t tr = now_ns();
                for (int j = 0; j < r; j++) {
                    int len = (int)rmsg[j].msg_len;
                    if (len < 12) continue;
                    uint16_t id = (uint16_t)((rbuf[j][0] << 8) | rbuf[j][1]);
                    uint64_t ts = s->sent_at[id];
                    if (!ts) continue; /* late: already counted lost */
                    s->sent_at[id] = 0;
                    s->inflight--;
                    completed++;
                    uint64_t lat = tr - ts;
                    record_latency(lat);
                    if (lat > maxlat) maxlat = lat;
                    if (completed % (uint64_t)check_every == 0) {
                        const query_t *q = &qs[s->index[id]];
                        checked++;
                        if (!check(q, rbuf[j], len)) {
                            if (++mismatches <= 5)
                                printf("MISMATCH query #%u qtype %u rcode %d expected %.*s\n", s->index[id],
                                       q->qtype, rbuf[j][3] & 15, q->expect < 0 ? 8 : q->elen,
                                       q->expect < 0 ? "NXDOMAIN" : (const char *)pool + q->expect);
                        }
                    }
                }
                if (r < batch) break;
            }
        }
        now = now_ns();
        if (now - last_scan > 100000000ull) { /* every 100 ms: expire queries older than the timeout */
            last_scan = now;
            for (int i = 0; i < nsock; i++) {
                if (!S[i].inflight) continue;
                for (int id = 0; id < 65536; id++) {
                    uint64_t ts = S[i].sent_at[id];
                    if (ts && now - ts > tout) { S[i].sent_at[id] = 0; S[i].inflight--; lost++; }
                }
            }
        }
    }
    for (int i = 0; i < nsock; i++) lost += (uint64_t)S[i].inflight;
    double run = (double)(tend - t0) / 1e9;
    printf("RESULT qps=%.0f sent=%llu completed=%llu lost=%llu checked=%llu mismatches=%llu "
           "p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f\n",
           (double)completed / run, (unsigned long long)sent, (unsigned long long)completed,
           (unsigned long long)lost, (unsigned long long)checked, (unsigned long long)mismatches,
           percentile(completed, .5), percentile(completed, .99), percentile(completed, .999),
           (double)maxlat / 1000.0);
    return mismatches ? 3 : 0;
}
