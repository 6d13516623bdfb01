package dev.palisade.stats;

/** {@link EntryHitsFlushContract} on the embedded H2 database: JDBC batches. */
class EntryHitsFlushIT extends EntryHitsFlushContract {}
