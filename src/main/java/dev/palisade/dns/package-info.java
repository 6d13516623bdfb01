/**
 * The authoritative DNS server: {@code DnsServer} owns the UDP and TCP sockets, {@code
 * QueryHandler} turns one query into one answer from the current index snapshot.
 */
package dev.palisade.dns;
