package dev.palisade.audit;

import java.time.Instant;

/**
 * Filters for reading the trail; null fields do not filter.
 *
 * @param accountId only this account's events (null: all, for operators)
 * @param action only this action (CREATE, UPDATE, DELETE, EXPIRE, REVOKE, SIGN_IN)
 * @param objectType only this kind of object
 * @param actor only actors whose name contains this text
 * @param text only events whose summary contains this text
 * @param from only events at or after this moment
 * @param to only events before this moment
 */
public record AuditQuery(
    Long accountId,
    String action,
    String objectType,
    String actor,
    String text,
    Instant from,
    Instant to) {}
