package dev.palisade.account;

/**
 * Existing data that breaks the namespace rule ({@link LabelClaims#conflicts}).
 *
 * @param zoneLabel the label (for a nested account: its slug)
 * @param heldBy who holds it: {@code account} or {@code account/server}
 * @param namespaceOf the account in whose namespace it lies
 */
public record LabelConflict(String zoneLabel, String heldBy, String namespaceOf) {}
