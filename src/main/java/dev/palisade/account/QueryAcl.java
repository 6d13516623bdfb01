package dev.palisade.account;

import dev.palisade.dnsbl.Networks;

/**
 * A scope's query ACL as its admins see it: its own networks and, for a mail server, its account's,
 * with the rule that decides which one is in force — the scope's own, else (for a mail server) its
 * account's, else the operator's default ({@code palisade.dns.allow-query}). The index applies the
 * same rule through {@link #inherit}. Immutable.
 *
 * @param server whether the scope is a mail server's
 * @param own the scope's own networks; null when it has none
 * @param account for a mail server, its account's own networks; null otherwise or when none
 */
public record QueryAcl(boolean server, Networks own, Networks account) {

  /** Where the ACL in force comes from. */
  public enum Source {
    /** The mail server's own. */
    SERVER,
    /** The account's own, for the account or inherited by its mail server. */
    ACCOUNT,
    /** The operator's default for every scope without one. */
    SETTINGS
  }

  /** The networks a scope's zones allow: its own, else its account's; null when neither has any. */
  public static Networks inherit(Networks own, Networks account) {
    return own != null ? own : account;
  }

  /** Where the networks in force come from. */
  public Source source() {
    if (own != null) {
      return server ? Source.SERVER : Source.ACCOUNT;
    }
    return account != null ? Source.ACCOUNT : Source.SETTINGS;
  }

  /**
   * The networks in force, given the operator's default; null when everyone may query.
   *
   * @param operatorDefault the operator's default networks; null for everyone
   */
  public Networks inForce(Networks operatorDefault) {
    Networks inherited = inherit(own, account);
    return inherited != null ? inherited : operatorDefault;
  }
}
