/**
 * The authoritative DNS server: {@code DnsServer} owns the UDP and TCP sockets, {@code
 * QueryHandler} turns one query into one answer from the current index snapshot. {@code
 * UdpEndpoint} hides how a UDP socket is read and written: Java's portable channels, or batched
 * system calls through a small JNI library on Linux. {@code FastPath} answers the common query from
 * its bytes, without dnsjava: {@code QueryParser} reads it, {@code AnswerWriter} writes the answer,
 * compressing names with {@code NameCompressor}. {@code RateLimiter} holds back UDP answers over a
 * client network's rate (response rate limiting).
 *
 * <p>Stands on the index and the DNSBL vocabulary only. It reports each answer to an {@code
 * AnswerObserver}, which the statistics implement, without knowing them.
 */
package dev.palisade.dns;
