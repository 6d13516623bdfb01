package dev.palisade.account;

/**
 * A scope with the names around it, for messages, the audit trail and the API.
 *
 * @param scopeId the scope's id
 * @param accountId the account it belongs to
 * @param accountSlug the account's slug
 * @param serverId the mail server, or null for the account-wide scope
 * @param serverName the mail server's name, or null
 * @param label the DNS zone label
 */
public record ScopeDetails(
    long scopeId,
    long accountId,
    String accountSlug,
    Long serverId,
    String serverName,
    String label) {

  /** Human name: {@code acme} or {@code acme/mx1}. */
  public String displayName() {
    return serverName == null ? accountSlug : accountSlug + "/" + serverName;
  }
}
