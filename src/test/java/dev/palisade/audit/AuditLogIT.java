package dev.palisade.audit;

/** {@link AuditLogContract} on the embedded H2 database: JDBC batches. */
class AuditLogIT extends AuditLogContract {}
