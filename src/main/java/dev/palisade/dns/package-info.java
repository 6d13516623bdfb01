/**
 * The authoritative DNS server: {@code DnsServer} owns the UDP and TCP sockets, {@code
 * QueryHandler} turns one query into one answer from the current index snapshot. {@code
 * UdpEndpoint} hides how a UDP socket is read and written: Java's portable channels, or batched
 * system calls through a small JNI library on Linux.
 */
package dev.palisade.dns;
