/**
 * The authoritative DNS server: {@code DnsServer} owns the UDP and TCP sockets, {@code
 * QueryHandler} turns one query into one answer from the current index snapshot. {@code
 * UdpEndpoint} hides how a UDP socket is read and written: Java's portable channels, or batched
 * system calls through a small JNI library on Linux. {@code FastPath} answers the common query from
 * its bytes, without dnsjava: {@code QueryParser} reads it, {@code AnswerWriter} writes the answer,
 * compressing names with {@code NameCompressor}. {@code RateLimiter} holds back UDP answers over a
 * client network's rate (response rate limiting).
 *
 * <p>Stands on the index and the DNSBL vocabulary only. It reports each answer to its {@code
 * AnswerObservers}, which the statistics implement, without knowing them; it counts for the metrics
 * in plain Java ({@code DnsTraffic}, {@code DnsCounts}), which the metrics package binds to meters;
 * {@code QueryLog} logs chosen queries, one line each. Zone transfer requests (AXFR, IXFR) are
 * handed to a {@code TransferResponder}, which the transfer package implements.
 */
package dev.palisade.dns;
