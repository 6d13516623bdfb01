package dev.palisade.audit;

/**
 * One object's change inside a bulk event of the trail (a paste, an import, an expiry round): read
 * a page at a time with {@link AuditLog#items}.
 *
 * @param eventId the event it belongs to
 * @param itemNo its place in the event, from 0, in the order the change was made
 * @param action CREATE, UPDATE, DELETE or EXPIRE
 * @param objectId the object's id
 * @param summary one human line, e.g. {@code block 192.0.2.1 on acme}
 * @param before the state before as JSON, null when created
 * @param after the state after as JSON, null when deleted
 */
public record AuditItem(
    long eventId,
    int itemNo,
    String action,
    Long objectId,
    String summary,
    String before,
    String after) {}
