/**
 * The REST API under {@code /api/v1}: accounts, mail servers, entries, bulk writes, lookup, audit
 * and tokens, for tools such as fail2ban. JSON in and out, errors as RFC 9457 problems ({@code
 * application/problem+json}), every request authenticated by an API token.
 */
package dev.palisade.api;
