/*
 * Batched UDP receive and send for Palisade's DNS server on Linux (the natives of
 * dev.palisade.dns.NativeUdp).
 *
 * One socket per receiving thread. receive() is one blocking recvmmsg() with MSG_WAITFORONE: it
 * returns as soon as one datagram is there and takes up to `batch` more that are already queued,
 * so a quiet server makes one system call per query, as before, and a busy one amortises it over
 * the backlog. send() answers the senders of that batch with one sendmmsg(). The senders'
 * addresses stay in this memory for send(); receive() copies each one's IP address into a long[]
 * (two halves of an IPv6 address, IPv4 mapped), which query ACLs are checked against. Datagrams
 * travel through two direct ByteBuffers of fixed slots owned by the Java side, lengths through an
 * int[].
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dev_palisade_dns_NativeUdp.h"

/* One socket and its batch: everything receive() records and send() reuses. */
struct endpoint {
    int fd;
    int batch;
    int query_slot;
    int answer_slot;
    unsigned char *queries;
    unsigned char *answers;
    struct mmsghdr *in;
    struct iovec *in_iov;
    struct sockaddr_storage *senders;
    struct mmsghdr *out;
    struct iovec *out_iov;
};

static void throw_io(JNIEnv *env, const char *what, int error) {
    char message[256];
    jclass type = (*env)->FindClass(env, "java/io/IOException");
    if (type == NULL) {
        return; /* FindClass has thrown already */
    }
    snprintf(message, sizeof message, "%s: %s", what, strerror(error));
    (*env)->ThrowNew(env, type, message);
}

static void free_endpoint(struct endpoint *e) {
    free(e->in);
    free(e->in_iov);
    free(e->senders);
    free(e->out);
    free(e->out_iov);
    free(e);
}

JNIEXPORT jlong JNICALL Java_dev_palisade_dns_NativeUdp_open(
    JNIEnv *env, jclass cls, jbyteArray address, jint scope, jint port, jint receive_buffer,
    jobject queries, jint query_slot, jobject answers, jint answer_slot, jint batch) {
    (void)cls;
    struct endpoint *e = calloc(1, sizeof *e);
    if (e == NULL) {
        throw_io(env, "cannot allocate a UDP batch", ENOMEM);
        return 0;
    }
    e->fd = -1;
    e->batch = batch;
    e->query_slot = query_slot;
    e->answer_slot = answer_slot;
    e->queries = (*env)->GetDirectBufferAddress(env, queries);
    e->answers = (*env)->GetDirectBufferAddress(env, answers);
    e->in = calloc(batch, sizeof *e->in);
    e->in_iov = calloc(batch, sizeof *e->in_iov);
    e->senders = calloc(batch, sizeof *e->senders);
    e->out = calloc(batch, sizeof *e->out);
    e->out_iov = calloc(batch, sizeof *e->out_iov);
    if (e->queries == NULL || e->answers == NULL || e->in == NULL || e->in_iov == NULL
        || e->senders == NULL || e->out == NULL || e->out_iov == NULL) {
        free_endpoint(e);
        throw_io(env, "cannot allocate a UDP batch", ENOMEM);
        return 0;
    }
    for (int i = 0; i < batch; i++) {
        e->in_iov[i].iov_base = e->queries + (size_t)i * query_slot;
        e->in_iov[i].iov_len = query_slot;
        e->in[i].msg_hdr.msg_iov = &e->in_iov[i];
        e->in[i].msg_hdr.msg_iovlen = 1;
        e->in[i].msg_hdr.msg_name = &e->senders[i];
    }

    jsize length = (*env)->GetArrayLength(env, address);
    struct sockaddr_storage local;
    socklen_t local_length;
    memset(&local, 0, sizeof local);
    if (length == 4) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)&local;
        v4->sin_family = AF_INET;
        v4->sin_port = htons((unsigned short)port);
        (*env)->GetByteArrayRegion(env, address, 0, 4, (jbyte *)&v4->sin_addr);
        local_length = sizeof *v4;
    } else {
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&local;
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((unsigned short)port);
        v6->sin6_scope_id = (uint32_t)scope;
        (*env)->GetByteArrayRegion(env, address, 0, 16, (jbyte *)&v6->sin6_addr);
        local_length = sizeof *v6;
    }

    int fd = socket(local.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        int error = errno;
        free_endpoint(e);
        throw_io(env, "cannot open a UDP socket", error);
        return 0;
    }
    int on = 1, off = 0, size = receive_buffer;
    const char *failed = NULL;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0) {
        failed = "cannot set SO_REUSEPORT";
    } else if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) != 0) {
        failed = "cannot set SO_RCVBUF";
    } else if (local.ss_family == AF_INET6
               && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) != 0) {
        failed = "cannot clear IPV6_V6ONLY"; /* "::" takes IPv4 too, as the JDK's sockets do */
    } else if (bind(fd, (struct sockaddr *)&local, local_length) != 0) {
        failed = "cannot bind the UDP socket";
    }
    if (failed != NULL) {
        int error = errno;
        close(fd);
        free_endpoint(e);
        throw_io(env, failed, error);
        return 0;
    }
    e->fd = fd;
    return (jlong)(intptr_t)e;
}

/* The first eight bytes of an address as one big-endian 64-bit number. */
static jlong half(const unsigned char *bytes) {
    uint64_t value = 0;
    for (int i = 0; i < 8; i++) {
        value = (value << 8) | bytes[i];
    }
    return (jlong)value;
}

/* A sender's IP address as two 64-bit halves of an IPv6 address; IPv4 as ::ffff:a.b.c.d. */
static void sender_address(const struct sockaddr_storage *sender, jlong *out) {
    if (sender->ss_family == AF_INET) {
        uint32_t v4 = ntohl(((const struct sockaddr_in *)sender)->sin_addr.s_addr);
        out[0] = 0;
        out[1] = (jlong)(0x0000ffff00000000ULL | v4);
    } else if (sender->ss_family == AF_INET6) {
        const unsigned char *v6 = ((const struct sockaddr_in6 *)sender)->sin6_addr.s6_addr;
        out[0] = half(v6);
        out[1] = half(v6 + 8);
    } else {
        out[0] = 0; /* "::", which no query ACL of networks a person writes allows by accident */
        out[1] = 0;
    }
}

JNIEXPORT jint JNICALL Java_dev_palisade_dns_NativeUdp_receive(
    JNIEnv *env, jclass cls, jlong handle, jintArray lengths, jlongArray senders) {
    (void)cls;
    struct endpoint *e = (struct endpoint *)(intptr_t)handle;
    for (int i = 0; i < e->batch; i++) {
        /* The kernel overwrites both with what it received. */
        e->in[i].msg_hdr.msg_namelen = sizeof e->senders[i];
        e->in[i].msg_hdr.msg_flags = 0;
    }
    int n;
    do {
        n = recvmmsg(e->fd, e->in, e->batch, MSG_WAITFORONE, NULL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        throw_io(env, "UDP receive failed", errno);
        return -1;
    }
    jint received[n > 0 ? n : 1];
    jlong addresses[n > 0 ? 2 * n : 2];
    for (int i = 0; i < n; i++) {
        sender_address(&e->senders[i], &addresses[2 * i]);
        /* A datagram larger than its slot arrives cut to the slot (MSG_TRUNC in msg_flags); the
           Java side sees a length above the slot and decides what to do with it. */
        received[i] = (e->in[i].msg_hdr.msg_flags & MSG_TRUNC) ? e->query_slot + 1
                                                                : (jint)e->in[i].msg_len;
    }
    (*env)->SetIntArrayRegion(env, lengths, 0, n, received);
    (*env)->SetLongArrayRegion(env, senders, 0, 2 * n, addresses);
    return n;
}

JNIEXPORT jint JNICALL Java_dev_palisade_dns_NativeUdp_send(
    JNIEnv *env, jclass cls, jlong handle, jint count, jintArray lengths) {
    (void)cls;
    struct endpoint *e = (struct endpoint *)(intptr_t)handle;
    if (count <= 0) {
        return 0;
    }
    if (count > e->batch) {
        count = e->batch;
    }
    jint length[count];
    (*env)->GetIntArrayRegion(env, lengths, 0, count, length);
    int n = 0;
    for (int i = 0; i < count; i++) {
        if (length[i] < 0 || length[i] > e->answer_slot) {
            continue; /* no answer for this one */
        }
        e->out_iov[n].iov_base = e->answers + (size_t)i * e->answer_slot;
        e->out_iov[n].iov_len = (size_t)length[i];
        e->out[n].msg_hdr.msg_iov = &e->out_iov[n];
        e->out[n].msg_hdr.msg_iovlen = 1;
        e->out[n].msg_hdr.msg_name = &e->senders[i];
        e->out[n].msg_hdr.msg_namelen = e->in[i].msg_hdr.msg_namelen;
        n++;
    }
    int done = 0, failed = 0;
    while (done < n) {
        int sent = sendmmsg(e->fd, e->out + done, n - done, 0);
        if (sent > 0) {
            done += sent;
        } else if (sent < 0 && errno == EINTR) {
            continue;
        } else {
            /* sendmmsg stops at the first datagram that fails (unreachable sender, port 0, ...):
               skip that one and send the rest. */
            done++;
            failed++;
        }
    }
    return failed;
}

JNIEXPORT void JNICALL Java_dev_palisade_dns_NativeUdp_shutdown(
    JNIEnv *env, jclass cls, jlong handle) {
    (void)env;
    (void)cls;
    struct endpoint *e = (struct endpoint *)(intptr_t)handle;
    /* Wakes a thread blocked in recvmmsg (it returns an empty datagram); the fd stays open, so
       its number cannot be reused under that thread's feet. Unconnected UDP sockets report
       ENOTCONN but are shut down all the same. */
    shutdown(e->fd, SHUT_RDWR);
}

JNIEXPORT void JNICALL Java_dev_palisade_dns_NativeUdp_close(
    JNIEnv *env, jclass cls, jlong handle) {
    (void)env;
    (void)cls;
    struct endpoint *e = (struct endpoint *)(intptr_t)handle;
    close(e->fd);
    free_endpoint(e);
}

/* The calling thread's id, as /proc/self/task lists it. */
JNIEXPORT jint JNICALL Java_dev_palisade_dns_NativeUdp_threadId(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return (jint)syscall(SYS_gettid);
}

/* Sets one thread's nice value (Linux keeps it per thread); 0, or the system's error number. A
   process may always raise its own threads' nice values; lowering needs CAP_SYS_NICE. */
JNIEXPORT jint JNICALL Java_dev_palisade_dns_NativeUdp_setNice(
    JNIEnv *env, jclass cls, jint tid, jint nice) {
    (void)env;
    (void)cls;
    return setpriority(PRIO_PROCESS, (id_t)tid, nice) == 0 ? 0 : errno;
}
