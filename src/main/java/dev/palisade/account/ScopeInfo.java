package dev.palisade.account;

import dev.palisade.dnsbl.Networks;

/**
 * A scope as DNS sees it: an account, or one mail server of an account.
 *
 * @param id the scope's id, which entries refer to
 * @param label the DNS label naming the scope's zones, lower-case
 * @param accountScopeId for a mail server, the scope id of its account; null for an account
 * @param serial the scope's serial; a server zone's serial is the higher of its own and its
 *     account's
 * @param allowQuery the networks the scope's own query ACL allows; null when it has none and
 *     inherits one (a mail server its account's, an account the operator's default)
 */
public record ScopeInfo(
    long id, String label, Long accountScopeId, long serial, Networks allowQuery) {

  /** A scope without a query ACL of its own. */
  public ScopeInfo(long id, String label, Long accountScopeId, long serial) {
    this(id, label, accountScopeId, serial, null);
  }

  /** Whether this scope is a mail server (whose zones also answer its account's entries). */
  public boolean isServer() {
    return accountScopeId != null;
  }
}
