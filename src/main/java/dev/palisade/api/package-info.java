/**
 * The REST API under {@code /api/v1}: JSON in and out, errors as RFC 9457 problems, every request
 * authenticated by an API token.
 */
package dev.palisade.api;
