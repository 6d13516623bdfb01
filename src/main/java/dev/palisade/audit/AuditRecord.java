package dev.palisade.audit;

import java.time.Instant;

/**
 * One change to record.
 *
 * @param at when the change was made
 * @param accountId the account it belongs to; null for installation-wide objects
 * @param scopeLabel the zone label of the scope an entry belongs to; null for other objects
 * @param actor who made it
 * @param source the channel: api, manual (web UI), import, expiry, sample
 * @param action what happened: CREATE, UPDATE, DELETE, EXPIRE, REVOKE (a token); SIGN_IN for a
 *     sign-in to the web UI
 * @param objectType ENTRY, ACCOUNT, MAIL_SERVER, USER, TOKEN or ZONE_LABEL (a reserved label)
 * @param objectId the object's id
 * @param summary one human line, e.g. {@code block 192.0.2.1}
 * @param before the state before as JSON, null when created
 * @param after the state after as JSON, null when deleted
 */
public record AuditRecord(
    Instant at,
    Long accountId,
    String scopeLabel,
    Actor actor,
    String source,
    String action,
    String objectType,
    Long objectId,
    String summary,
    String before,
    String after) {

  /**
   * A change to an object that is not an entry (an account, a mail server, a user): no scope label,
   * no before and after states, and the actor's channel as the source.
   */
  public static AuditRecord of(
      Instant at,
      Long accountId,
      Actor actor,
      String action,
      String objectType,
      long objectId,
      String summary) {
    return new AuditRecord(
        at,
        accountId,
        null,
        actor,
        actor.channel(),
        action,
        objectType,
        objectId,
        summary,
        null,
        null);
  }
}
