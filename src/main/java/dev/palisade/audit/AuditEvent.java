package dev.palisade.audit;

import java.time.Instant;

/** One recorded change, as read back from the trail. */
public record AuditEvent(
    long id,
    Instant at,
    Long accountId,
    String scopeLabel,
    String actor,
    String clientIp,
    String source,
    String action,
    String objectType,
    Long objectId,
    String summary,
    String before,
    String after) {}
