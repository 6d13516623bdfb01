package dev.palisade.listing;

/**
 * What {@link Listings#put} did.
 *
 * @param entry the entry as stored by the write
 * @param created whether the entry did not exist before
 */
public record PutResult(Entry entry, boolean created) {}
