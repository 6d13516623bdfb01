package dev.palisade.account;

import java.util.Locale;

/**
 * Who is making a request: an API token or a signed-in user, with what it may see and change.
 * Immutable. An operator may manage every account; anyone else sees one account (and, when {@code
 * serverId} is set, only that mail server's entries) and changes it only with {@code write}.
 *
 * @param kind a token or a user
 * @param id the token's or user's id
 * @param name the token's or user's name, for the audit trail
 * @param operator whether the caller manages all accounts
 * @param accountId the one account a non-operator caller belongs to; null for operators
 * @param serverId the one mail server a server-bound token is limited to; null otherwise
 * @param write whether the caller may change what it sees
 */
public record Caller(
    Kind kind,
    long id,
    String name,
    boolean operator,
    Long accountId,
    Long serverId,
    boolean write) {

  /** What authenticated the caller. */
  public enum Kind {
    TOKEN,
    USER
  }

  public Caller {
    if (!operator && accountId == null) {
      throw new IllegalArgumentException("a caller that is not an operator needs an account");
    }
  }

  /** How the audit trail names the caller, e.g. {@code token:fail2ban#12}. */
  public String actorName() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + name + "#" + id;
  }

  /** Whether the caller may see the account (and its servers, unless bound to one server). */
  public boolean canSeeAccount(long account) {
    return operator || accountId == account;
  }

  /**
   * Whether the caller may see a scope: the account scope ({@code server} null) or one server's. A
   * server-bound caller sees only its own server's scope.
   */
  public boolean canSeeScope(long account, Long server) {
    if (operator) {
      return true;
    }
    if (accountId != account) {
      return false;
    }
    return serverId == null || serverId.equals(server);
  }

  /** Whether the caller may change a scope it can see. */
  public boolean canChangeScope(long account, Long server) {
    return write && canSeeScope(account, server);
  }
}
