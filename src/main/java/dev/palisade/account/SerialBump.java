package dev.palisade.account;

/**
 * A scope that an entry write has locked and given a new serial.
 *
 * @param scope the scope, with its names for the audit trail
 * @param serial its new serial, higher than every serial handed out before
 */
public record SerialBump(ScopeDetails scope, long serial) {}
