package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who works in which account: the roles of users who are not operators ({@link AccountRole}), and
 * the {@link Caller} a signed-in user is in an account, which the services check rights against —
 * the same rules as for API tokens. An operator user is an operator caller; any other user acts in
 * one account at a time, as an admin (write) or a viewer (read-only) of it.
 *
 * <p>Methods taking a {@link Caller} let an account's admins manage its users: add viewers and
 * admins, change their roles, take them out — never making an operator, never reaching into another
 * account, never changing themselves. Methods without a caller trust theirs (operators' pages).
 *
 * <p>Thread-safe; each public method is one transaction. Changes are recorded in the audit trail.
 */
@Service
public class AccountMembers {

  /** A user with a role in one account, as that account's user list shows them. */
  public record Member(long userId, String username, AccountRole.Role role) {}

  private final AccountRoleRepository roles;
  private final AccountRepository accounts;
  private final Users users;
  private final AuditLog audit;
  private final Clock clock;

  AccountMembers(
      AccountRoleRepository roles,
      AccountRepository accounts,
      Users users,
      AuditLog audit,
      Clock clock) {
    this.roles = roles;
    this.accounts = accounts;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
  }

  /** The accounts a user who is not an operator may see, with the role in each. */
  @Transactional(readOnly = true)
  public List<AccountRole> roles(long userId) {
    return roles.findByUserId(userId);
  }

  /**
   * The caller a user is when acting in an account: an operator caller for operators, else an admin
   * (write) or viewer caller of that account.
   *
   * @throws NotFoundException if the user has no role in the account, so that its existence is not
   *     revealed
   */
  @Transactional(readOnly = true)
  public Caller callerFor(long userId, long accountId) {
    User user = users.user(userId);
    if (user.isOperator()) {
      return Users.operatorCaller(user);
    }
    return roles
        .findByUserIdAndAccountId(userId, accountId)
        .orElseThrow(() -> new NotFoundException("account " + accountId + " not found"))
        .caller(user.getUsername());
  }

  /** The users with a role in an account, by name. Operators, who see every account, are not. */
  @Transactional(readOnly = true)
  public List<Member> members(long accountId) {
    return roles.findByAccountId(accountId).stream()
        .map(
            role ->
                new Member(
                    role.getUserId(), users.user(role.getUserId()).getUsername(), role.getRole()))
        .sorted(Comparator.comparing(Member::username))
        .toList();
  }

  /**
   * Creates a user who works in one account, with that role: the first account they may see.
   *
   * @throws ConflictException if the name is taken
   * @throws NotFoundException if there is no such account
   * @throws IllegalArgumentException if the name or password is not acceptable, or no role is given
   */
  @Transactional
  public User createMember(
      String username, String password, long accountId, AccountRole.Role role, Actor actor) {
    if (role == null) {
      throw new IllegalArgumentException("a user who is not an operator needs an account");
    }
    User user = users.insert(username, password, false);
    grant(user.getId(), accountId, role, actor);
    // Recorded after the role, so the trail, newest first, shows the creation above its role.
    users.recordCreated(user, actor);
    return user;
  }

  /** Gives a user a role in an account, or changes it. */
  @Transactional
  public void grant(long userId, long accountId, AccountRole.Role role, Actor actor) {
    User user = users.user(userId);
    Account account =
        accounts
            .findById(accountId)
            .orElseThrow(() -> new NotFoundException("account " + accountId + " not found"));
    roles
        .findByUserIdAndAccountId(userId, accountId)
        .ifPresentOrElse(
            existing -> existing.change(role),
            () -> roles.save(new AccountRole(userId, accountId, role)));
    record(
        actor,
        accountId,
        userId,
        "user "
            + user.getUsername()
            + " is "
            + role.name().toLowerCase(Locale.ROOT)
            + " of "
            + account.getSlug());
  }

  /** Takes a user's role in an account away; the account disappears from the user's pages. */
  @Transactional
  public void removeRole(long userId, long accountId, Actor actor) {
    User user = users.user(userId);
    roles
        .findByUserIdAndAccountId(userId, accountId)
        .ifPresent(
            role -> {
              roles.delete(role);
              record(
                  actor,
                  accountId,
                  userId,
                  "user " + user.getUsername() + " no longer has a role in account " + accountId);
            });
  }

  /**
   * Creates a user who works in one account, on behalf of a caller who administers it: an account
   * admin adds viewers and admins to their own account, never an operator and never to another
   * account.
   *
   * @throws AccessDeniedException if the caller may not manage the account's users
   * @throws ConflictException if the name is taken
   * @throws IllegalArgumentException if the name or password is not acceptable
   */
  @Transactional
  public User addMember(
      Caller caller,
      long accountId,
      String username,
      String password,
      AccountRole.Role role,
      Actor actor) {
    requireAdminOf(caller, accountId);
    if (role == null) {
      throw new IllegalArgumentException("choose admin or viewer");
    }
    return createMember(username, password, accountId, role, actor);
  }

  /**
   * Changes a member's role in the account, on behalf of a caller who administers it. A caller
   * cannot change their own role, so an account is never left without the admin who did it by
   * mistake.
   *
   * @throws AccessDeniedException if the caller may not manage the account's users
   * @throws NotFoundException if the user has no role in the account
   * @throws IllegalArgumentException for the caller's own role
   */
  @Transactional
  public void changeMemberRole(
      Caller caller, long accountId, long userId, AccountRole.Role role, Actor actor) {
    requireAdminOf(caller, accountId);
    requireMember(accountId, userId);
    requireOther(caller, userId, "change your own role");
    grant(userId, accountId, role, actor);
  }

  /**
   * Takes a member out of the account, on behalf of a caller who administers it. A user left
   * without any account is deleted: nobody but an operator could see them again. Returns whether
   * the user was deleted.
   *
   * @throws AccessDeniedException if the caller may not manage the account's users
   * @throws NotFoundException if the user has no role in the account
   * @throws IllegalArgumentException for the caller themself
   */
  @Transactional
  public boolean removeMember(Caller caller, long accountId, long userId, Actor actor) {
    requireAdminOf(caller, accountId);
    requireMember(accountId, userId);
    requireOther(caller, userId, "remove yourself");
    removeRole(userId, accountId, actor);
    if (users.user(userId).isOperator() || !roles.findByUserId(userId).isEmpty()) {
      return false;
    }
    users.deleteWithoutAccount(userId, accountId, actor);
    return true;
  }

  /**
   * Throws {@link AccessDeniedException} unless the caller administers the account with write
   * rights: an operator, or a caller of the whole account (not bound to one server). A read-only
   * caller, operator or not, manages nobody.
   */
  static void requireAdminOf(Caller caller, long accountId) {
    if (!caller.write()
        || !(caller.operator() || (caller.serverId() == null && caller.canSeeAccount(accountId)))) {
      throw new AccessDeniedException("Only the account's admins manage its users.");
    }
  }

  /** Throws {@link IllegalArgumentException} when the caller is this user. */
  static void requireOther(Caller caller, long userId, String what) {
    if (caller.kind() == Caller.Kind.USER && caller.id() == userId) {
      throw new IllegalArgumentException(
          "you cannot " + what + "; ask another admin of the account or an operator");
    }
  }

  private void requireMember(long accountId, long userId) {
    if (roles.findByUserIdAndAccountId(userId, accountId).isEmpty()) {
      throw new NotFoundException("user " + userId + " not found in this account");
    }
  }

  /**
   * Records a sign-in to the web UI in the audit trail of every account the user works in, where
   * the account's admins see it next to the changes the session then makes; an operator's (who has
   * no role) installation-wide. Failed sign-ins are not recorded here: anyone can cause them, and a
   * row per guess would let anyone grow the database; the log has them.
   *
   * @param clientIp the address the sign-in came from
   */
  @Transactional
  public void recordSignIn(long userId, String clientIp) {
    User user = users.user(userId);
    // The web UI's channel, under which its changes are recorded too.
    Actor actor = new Actor("user:" + user.getUsername() + "#" + userId, clientIp, "manual");
    String summary = "user " + user.getUsername() + " signed in";
    List<AccountRole> accountsOfUser = roles.findByUserId(userId);
    if (accountsOfUser.isEmpty()) {
      audit.record(
          AuditRecord.of(clock.instant(), null, actor, "SIGN_IN", "USER", userId, summary));
    }
    for (AccountRole role : accountsOfUser) {
      audit.record(
          AuditRecord.of(
              clock.instant(), role.getAccountId(), actor, "SIGN_IN", "USER", userId, summary));
    }
  }

  /** Roles are part of the user in the trail: an UPDATE of the user, under the account. */
  private void record(Actor actor, long accountId, long userId, String summary) {
    audit.record(
        AuditRecord.of(clock.instant(), accountId, actor, "UPDATE", "USER", userId, summary));
  }
}
