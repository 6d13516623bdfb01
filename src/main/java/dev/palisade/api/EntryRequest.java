package dev.palisade.api;

import java.time.Instant;

/**
 * An entry to create or upsert.
 *
 * @param list {@code block}, {@code allow} or {@code exclude} (an rbldnsd {@code !} line: not
 *     listed in the block list nor in the allow list; it takes no return code)
 * @param value an IPv4/IPv6 address or CIDR network, or a domain ({@code example.com}, {@code
 *     .example.com}, {@code *.example.com})
 * @param returnCode the A record to answer, in 127.0.0.0/8; omitted for the list's default
 * @param reason the TXT text; {@code $} stands for the queried address or the matched domain
 * @param expiresAt when the entry stops answering (ISO-8601, in the future)
 * @param ttl alternatively, seconds from now until it stops answering (e.g. a fail2ban ban time)
 * @param confirmWide {@code true} to store a wide entry (a network wider than {@code
 *     palisade.guard.ip4-prefix} or {@code ip6-prefix}, a top-level domain such as {@code .com}),
 *     which is refused otherwise
 */
record EntryRequest(
    String list,
    String value,
    String returnCode,
    String reason,
    Instant expiresAt,
    Long ttl,
    Boolean confirmWide) {}
