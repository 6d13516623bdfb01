package dev.palisade.account;

/**
 * A scope that an entry write has locked and given a new serial.
 *
 * @param scope the scope, with its names for the audit trail
 * @param previous the serial the scope had before, read under the row lock: the one this change
 *     follows (a saved index checks that chain)
 * @param serial its new serial, higher than every serial handed out before
 */
public record SerialBump(ScopeDetails scope, long previous, long serial) {}
