package dev.palisade.account;

import java.time.Instant;

/**
 * What a new API token should be: its name, whom it belongs to and its rights. Immutable; checked
 * by {@link ApiTokens} when the token is created.
 *
 * @param name how people recognise the token, e.g. {@code fail2ban on mx1}
 * @param operator whether the token manages every account; it then belongs to none
 * @param accountId the account a non-operator token belongs to; null for operator tokens
 * @param serverId the one mail server of that account the token is limited to; null for the whole
 *     account
 * @param write whether the token may change what it sees; read-only otherwise
 * @param expiresAt when the token stops authenticating by itself; null for never
 */
public record NewToken(
    String name,
    boolean operator,
    Long accountId,
    Long serverId,
    boolean write,
    Instant expiresAt) {

  /** A token that does not expire by itself. */
  public NewToken(String name, boolean operator, Long accountId, Long serverId, boolean write) {
    this(name, operator, accountId, serverId, write, null);
  }

  /** The same token, ending by itself at {@code at} (null: never). */
  public NewToken expiringAt(Instant at) {
    return new NewToken(name, operator, accountId, serverId, write, at);
  }

  /** An operator token: manages every account (changes them only with {@code write}). */
  public static NewToken operator(String name, boolean write) {
    return new NewToken(name, true, null, null, write);
  }

  /** A token of one account, seeing the account and all its servers. */
  public static NewToken account(String name, long accountId, boolean write) {
    return new NewToken(name, false, accountId, null, write);
  }

  /** A token limited to one mail server of an account. */
  public static NewToken server(String name, long accountId, long serverId, boolean write) {
    return new NewToken(name, false, accountId, serverId, write);
  }
}
