package dev.palisade.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person who signs in to the web UI with a name and a password. Holds the password's hash only.
 * An operator manages every account; anyone else sees the accounts {@link AccountRole}s give them.
 * Not thread-safe (a JPA entity); changed only through {@link Users}.
 */
@Entity
@Table(name = "app_user")
public class User {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, unique = true)
  private String username;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Column(nullable = false)
  private boolean operator;

  @Column(name = "must_change_password", nullable = false)
  private boolean mustChangePassword;

  /** Goes up with every password change; a session signed in with an older one has ended. */
  @Column(name = "credential_version", nullable = false)
  private long credentialVersion;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected User() {}

  User(
      String username,
      String passwordHash,
      boolean operator,
      boolean mustChangePassword,
      Instant createdAt) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.operator = operator;
    this.mustChangePassword = mustChangePassword;
    this.createdAt = createdAt;
  }

  void changePassword(String passwordHash, boolean mustChange) {
    this.passwordHash = passwordHash;
    this.mustChangePassword = mustChange;
    this.credentialVersion++;
  }

  public Long getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  /** The delegating encoder's hash, e.g. {@code {bcrypt}$2a$10$...}; never the password. */
  public String getPasswordHash() {
    return passwordHash;
  }

  public boolean isOperator() {
    return operator;
  }

  /**
   * Whether the password was generated or set by someone else, and must be replaced before anything
   * else.
   */
  public boolean isMustChangePassword() {
    return mustChangePassword;
  }

  /**
   * The version of the user's password: it goes up with every change, so a session that signed in
   * with an older one knows it has ended.
   */
  public long getCredentialVersion() {
    return credentialVersion;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
