package dev.palisade.listing;

/** {@link BulkUpsertContract} on the embedded H2 database: JDBC batches. */
class BulkUpsertIT extends BulkUpsertContract {}
