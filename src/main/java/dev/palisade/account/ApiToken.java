package dev.palisade.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A bearer token of the REST API. Holds the SHA-256 hash of its secret, never the secret itself,
 * and a short prefix of the secret so people can tell their tokens apart.
 *
 * <p>An operator token manages every account and belongs to none; any other token belongs to one
 * account and, when {@link #getMailServerId()} is set, sees only that mail server. Not thread-safe
 * (a JPA entity); {@link ApiTokens} hands out detached copies.
 */
@Entity
@Table(name = "api_token")
public class ApiToken {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String name;

  @Column(name = "token_hash", nullable = false, unique = true)
  private String tokenHash;

  @Column(name = "token_prefix", nullable = false)
  private String prefix;

  @Column(nullable = false)
  private boolean operator;

  @Column(name = "account_id")
  private Long accountId;

  @Column(name = "mail_server_id")
  private Long mailServerId;

  @Column(name = "can_write", nullable = false)
  private boolean write;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  protected ApiToken() {}

  ApiToken(
      String name,
      String tokenHash,
      String prefix,
      boolean operator,
      Long accountId,
      Long mailServerId,
      boolean write,
      Instant createdAt,
      String createdBy) {
    this.name = name;
    this.tokenHash = tokenHash;
    this.prefix = prefix;
    this.operator = operator;
    this.accountId = accountId;
    this.mailServerId = mailServerId;
    this.write = write;
    this.createdAt = createdAt;
    this.createdBy = createdBy;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  String getTokenHash() {
    return tokenHash;
  }

  /** The first characters of the secret, for display; not enough to use or guess the token. */
  public String getPrefix() {
    return prefix;
  }

  /** Whether the token manages every account. */
  public boolean isOperator() {
    return operator;
  }

  /** The account the token belongs to; null for operator tokens. */
  public Long getAccountId() {
    return accountId;
  }

  /** The one mail server the token is limited to; null when it sees its whole account. */
  public Long getMailServerId() {
    return mailServerId;
  }

  /** Whether the token may change what it sees; read-only otherwise. */
  public boolean isWrite() {
    return write;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /** Who created the token, as the audit trail names callers. */
  public String getCreatedBy() {
    return createdBy;
  }

  /**
   * When the token last authenticated a request, to within about a minute; null if never. Recorded
   * lazily, see {@link TokenAuthentication#flushLastUsed()}.
   */
  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  /** When the token was revoked; null while it is valid. */
  public Instant getRevokedAt() {
    return revokedAt;
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  /** When the token stops authenticating by itself; null if it lasts until revoked. */
  public Instant getExpiresAt() {
    return expiresAt;
  }

  /** Whether the token has expired by {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  void expireAt(Instant at) {
    expiresAt = at;
  }

  void revoke(Instant at) {
    if (revokedAt == null) {
      revokedAt = at;
    }
  }

  /** The caller this token authenticates. */
  Caller caller() {
    return new Caller(Caller.Kind.TOKEN, id, name, operator, accountId, mailServerId, write);
  }
}
