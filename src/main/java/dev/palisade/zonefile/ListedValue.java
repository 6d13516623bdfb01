package dev.palisade.zonefile;

/**
 * The A value and TXT template an entry answers with, as written in a data file.
 *
 * @param returnCode an address in 127.0.0.0/8, or null for the list's default
 * @param reason the TXT template, or null for no TXT
 */
record ListedValue(Integer returnCode, String reason) {

  /** rbldnsd's built-in default: the list's default A value, no TXT. */
  static final ListedValue NONE = new ListedValue(null, null);
}
