package dev.palisade.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What one user who is not an operator may do in one account. A JPA entity, not thread-safe. */
@Entity
@Table(name = "app_user_account")
public class AccountRole {

  /** Admins change the account's servers, entries and tokens; viewers only read. */
  public enum Role {
    ADMIN,
    VIEWER
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "user_id", nullable = false)
  private Long userId;

  @Column(name = "account_id", nullable = false)
  private Long accountId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Role role;

  protected AccountRole() {}

  AccountRole(Long userId, Long accountId, Role role) {
    this.userId = userId;
    this.accountId = accountId;
    this.role = role;
  }

  void change(Role role) {
    this.role = role;
  }

  public Long getUserId() {
    return userId;
  }

  public Long getAccountId() {
    return accountId;
  }

  public Role getRole() {
    return role;
  }

  /**
   * The caller the user is in this account: of this account only, never an operator, with write
   * rights for an admin and none for a viewer.
   *
   * @param username the name of the user this role belongs to, for the audit trail
   */
  Caller caller(String username) {
    return new Caller(
        Caller.Kind.USER, userId, username, false, accountId, null, role == Role.ADMIN);
  }
}
