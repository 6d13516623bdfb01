/**
 * The REST API under {@code /api/v1}: accounts, mail servers, entries, bulk writes, lookup, audit
 * and tokens, for tools such as fail2ban. JSON in and out; errors as {@code
 * application/problem+json} (RFC 9457).
 */
package dev.palisade.api;
