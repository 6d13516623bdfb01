package dev.palisade.listing;

/**
 * What a batch write did.
 *
 * @param created entries that did not exist
 * @param updated entries whose return code, reason, expiry or state changed
 * @param unchanged entries that were already exactly as asked
 */
public record UpsertResult(int created, int updated, int unchanged) {}
