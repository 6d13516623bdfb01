package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, checks and removes the users of the web UI and their roles per account, and turns a
 * signed-in user into the {@link Caller} that the services check rights against — the same rules as
 * for API tokens. An operator user is an operator caller; any other user acts in one account at a
 * time, as an admin (write) or a viewer (read-only) of it.
 *
 * <p>Passwords are stored as hashes of the delegating encoder (BCrypt). Thread-safe; each public
 * method is one transaction. Changes to users are recorded in the audit trail.
 */
@Service
public class Users {

  /** Shortest password accepted. */
  public static final int MIN_PASSWORD = 10;

  /** Longest password accepted: BCrypt reads only the first 72 bytes. */
  public static final int MAX_PASSWORD = 72;

  static final int MAX_USERNAME = 100;

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]*");

  private final UserRepository users;
  private final AccountRoleRepository roles;
  private final AccountRepository accounts;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Users(
      UserRepository users,
      AccountRoleRepository roles,
      AccountRepository accounts,
      PasswordEncoder encoder,
      AuditLog audit,
      Clock clock) {
    this.users = users;
    this.roles = roles;
    this.accounts = accounts;
    this.encoder = encoder;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Checks a user name; returns it lower-cased. {@link IllegalArgumentException} saying what is
   * wrong otherwise.
   */
  public static String checkUsername(String username) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("enter a user name");
    }
    String lower = username.strip().toLowerCase(Locale.ROOT);
    if (lower.length() > MAX_USERNAME) {
      throw new IllegalArgumentException("a user name has at most " + MAX_USERNAME + " characters");
    }
    if (!USERNAME.matcher(lower).matches()) {
      throw new IllegalArgumentException(
          "use letters, digits, '.', '_', '@' and '-', starting with a letter or digit");
    }
    return lower;
  }

  /** Checks a new password; {@link IllegalArgumentException} saying what is wrong otherwise. */
  public static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new IllegalArgumentException(
          "a password needs at least " + MIN_PASSWORD + " characters");
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD) {
      throw new IllegalArgumentException("a password has at most " + MAX_PASSWORD + " bytes");
    }
  }

  /** The user with this name (any case), for signing in. */
  @Transactional(readOnly = true)
  public Optional<User> byUsername(String username) {
    if (username == null) {
      return Optional.empty();
    }
    return users.findByUsername(username.strip().toLowerCase(Locale.ROOT));
  }

  /** One user; {@link NotFoundException} when there is none. */
  @Transactional(readOnly = true)
  public User user(long id) {
    return users.findById(id).orElseThrow(() -> notFound(id));
  }

  /** Every user, by name. */
  @Transactional(readOnly = true)
  public List<User> all() {
    return users.findAllByOrderByUsername();
  }

  /** Whether any user exists. */
  @Transactional(readOnly = true)
  public boolean any() {
    return users.count() > 0;
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
    User user = user(userId);
    if (user.isOperator()) {
      return operatorCaller(user);
    }
    AccountRole role =
        roles
            .findByUserIdAndAccountId(userId, accountId)
            .orElseThrow(() -> new NotFoundException("account " + accountId + " not found"));
    return new Caller(
        Caller.Kind.USER,
        user.getId(),
        user.getUsername(),
        false,
        accountId,
        null,
        role.getRole() == AccountRole.Role.ADMIN);
  }

  /** The caller an operator user is; {@link IllegalArgumentException} for other users. */
  public static Caller operatorCaller(User user) {
    if (!user.isOperator()) {
      throw new IllegalArgumentException(user.getUsername() + " is not an operator");
    }
    return new Caller(Caller.Kind.USER, user.getId(), user.getUsername(), true, null, null, true);
  }

  /**
   * Creates a user. An operator manages every account; otherwise {@code accountId} and {@code role}
   * give the first account the user may see.
   *
   * @throws ConflictException if the name is taken
   * @throws IllegalArgumentException if the name or password is not acceptable
   */
  @Transactional
  public User create(
      String username,
      String password,
      boolean operator,
      Long accountId,
      AccountRole.Role role,
      Actor actor) {
    String name = checkUsername(username);
    checkPassword(password);
    if (users.findByUsername(name).isPresent()) {
      throw new ConflictException("user '" + name + "' already exists");
    }
    if (!operator && (accountId == null || role == null)) {
      throw new IllegalArgumentException("a user who is not an operator needs an account");
    }
    User user = users.save(new User(name, encoder.encode(password), operator, false, now()));
    if (!operator) {
      grant(user.getId(), accountId, role, actor);
    }
    record(actor, null, "CREATE", user.getId(), "user " + name + (operator ? " (operator)" : ""));
    return user;
  }

  /**
   * Creates the first operator at start-up, with the given password or a generated one that must be
   * changed at the first sign-in. Returns the password.
   */
  @Transactional
  String createFirstOperator(String username, String password) {
    String name = checkUsername(username);
    boolean generated = password == null;
    String secret = generated ? generatePassword() : password;
    User user = users.save(new User(name, encoder.encode(secret), true, generated, now()));
    record(Actor.system("bootstrap"), null, "CREATE", user.getId(), "user " + name + " (operator)");
    return secret;
  }

  /** Gives a user a role in an account, or changes it. */
  @Transactional
  public void grant(long userId, long accountId, AccountRole.Role role, Actor actor) {
    User user = user(userId);
    var account =
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
        "UPDATE",
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
    User user = user(userId);
    roles
        .findByUserIdAndAccountId(userId, accountId)
        .ifPresent(
            role -> {
              roles.delete(role);
              record(
                  actor,
                  accountId,
                  "UPDATE",
                  userId,
                  "user " + user.getUsername() + " no longer has a role in account " + accountId);
            });
  }

  /** A user with a role in one account, as that account's user list shows them. */
  public record Member(long userId, String username, AccountRole.Role role) {}

  /** The users with a role in an account, by name. Operators, who see every account, are not. */
  @Transactional(readOnly = true)
  public List<Member> members(long accountId) {
    return roles.findByAccountId(accountId).stream()
        .map(
            role ->
                new Member(role.getUserId(), user(role.getUserId()).getUsername(), role.getRole()))
        .sorted(java.util.Comparator.comparing(Member::username))
        .toList();
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
    return create(username, password, false, accountId, role, actor);
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
    User user = user(userId);
    if (user.isOperator() || !roles.findByUserId(userId).isEmpty()) {
      return false;
    }
    users.delete(user);
    record(actor, accountId, "DELETE", userId, "user " + user.getUsername() + " (no account left)");
    return true;
  }

  private static void requireAdminOf(Caller caller, long accountId) {
    if (!caller.operator()
        && !(caller.write() && caller.serverId() == null && caller.canSeeAccount(accountId))) {
      throw new AccessDeniedException("Only the account's admins manage its users.");
    }
  }

  private void requireMember(long accountId, long userId) {
    if (roles.findByUserIdAndAccountId(userId, accountId).isEmpty()) {
      throw new NotFoundException("user " + userId + " not found in this account");
    }
  }

  private static void requireOther(Caller caller, long userId, String what) {
    if (caller.kind() == Caller.Kind.USER && caller.id() == userId) {
      throw new IllegalArgumentException(
          "you cannot " + what + "; ask another admin of the account or an operator");
    }
  }

  /**
   * Changes a user's own password after checking the current one.
   *
   * @throws IllegalArgumentException if the current password is wrong or the new one unacceptable
   */
  @Transactional
  public void changePassword(long userId, String current, String next, Actor actor) {
    User user = user(userId);
    if (current == null || !encoder.matches(current, user.getPasswordHash())) {
      throw new IllegalArgumentException("the current password is wrong");
    }
    checkPassword(next);
    if (next.equals(current)) {
      throw new IllegalArgumentException("choose a password different from the current one");
    }
    user.changePassword(encoder.encode(next), false);
    record(actor, null, "UPDATE", userId, "user " + user.getUsername() + " changed the password");
  }

  /**
   * Deletes a user.
   *
   * @throws ConflictException for the last operator, without whom nobody could manage accounts
   */
  @Transactional
  public void delete(long userId, Actor actor) {
    User user = user(userId);
    if (user.isOperator() && users.findAll().stream().filter(User::isOperator).count() == 1) {
      throw new ConflictException("the last operator cannot be deleted");
    }
    users.delete(user);
    record(actor, null, "DELETE", userId, "user " + user.getUsername());
  }

  private String generatePassword() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private java.time.Instant now() {
    return clock.instant();
  }

  private void record(Actor actor, Long accountId, String action, long userId, String summary) {
    audit.record(
        new AuditRecord(
            now(),
            accountId,
            null,
            actor,
            actor.channel(),
            action,
            "USER",
            userId,
            summary,
            null,
            null));
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("user " + id + " not found");
  }
}
