package dev.palisade.audit;

import java.time.Instant;

/**
 * One recorded change, as read back from the trail. A bulk change (one write of many objects) is
 * one event with {@code itemCount} above 1, no object id and no states of its own: its objects'
 * changes are its items ({@link AuditLog#items}).
 *
 * @param itemCount how many objects the change touched: 1 for a single change
 * @param undoes the id of the event this change undid, or null
 */
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
    String after,
    int itemCount,
    Long undoes) {

  /** Whether this event is a bulk change whose objects are its items. */
  public boolean bulk() {
    return itemCount > 1;
  }
}
