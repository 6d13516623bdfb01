package dev.palisade.account;

/**
 * A scope's serial before and after one change ({@link Accounts#bumpSerial}).
 *
 * @param previous the serial the scope had before, which the change follows
 * @param serial the new serial, higher than every serial handed out before
 */
public record SerialBump(long previous, long serial) {}
