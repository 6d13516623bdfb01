package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people who sign in to the web UI: their names, passwords and whether they are operators.
 * Creates operators, changes passwords and deletes users; what a user who is not an operator may do
 * in which account, and users created into an account, are {@link AccountMembers}'.
 *
 * <p>Passwords are stored as hashes of the delegating encoder (BCrypt). Thread-safe; each public
 * method is one transaction. Changes to users are recorded in the audit trail.
 */
@Service
public class Users {

  static final int MAX_USERNAME = 100;

  /** Why a user name cannot be had, whoever holds it. */
  static final String NAME_UNAVAILABLE = "this user name is not available; choose another";

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]*");

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final PasswordPolicy policy;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Users(
      UserRepository users,
      PasswordEncoder encoder,
      PasswordPolicy policy,
      AuditLog audit,
      Clock clock) {
    this.users = users;
    this.encoder = encoder;
    this.policy = policy;
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

  /**
   * Checks a new password of the named user against the {@link PasswordPolicy}; {@link
   * IllegalArgumentException} saying what is wrong otherwise. The services check again; forms call
   * this to show the problem next to its field.
   */
  public void checkPassword(String username, String password) {
    policy.check(username, password);
  }

  /** The caller an operator user is; {@link IllegalArgumentException} for other users. */
  public static Caller operatorCaller(User user) {
    if (!user.isOperator()) {
      throw new IllegalArgumentException(user.getUsername() + " is not an operator");
    }
    return new Caller(Caller.Kind.USER, user.getId(), user.getUsername(), true, null, null, true);
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
    return users.findById(id).orElseThrow(() -> new NotFoundException("user " + id + " not found"));
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

  /**
   * Creates an operator, who manages every account. Users of one account are created with {@link
   * AccountMembers#createMember}.
   *
   * @throws ConflictException if the name is taken
   * @throws IllegalArgumentException if the name or password is not acceptable
   */
  @Transactional
  public User createOperator(String username, String password, Actor actor) {
    User user = insert(username, password, true);
    recordCreated(user, actor);
    return user;
  }

  /**
   * Creates the first operator at start-up, with the given password or a generated one that must be
   * changed at the first sign-in. Returns the password. A chosen password is the installer's own,
   * so it need not be changed, but it must pass the {@link PasswordPolicy} like any other.
   *
   * @throws IllegalArgumentException naming the setting if the chosen password is not acceptable
   */
  @Transactional
  String createFirstOperator(String username, String password) {
    String name = checkUsername(username);
    boolean generated = password == null;
    if (!generated) {
      try {
        policy.check(name, password);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "palisade.users.bootstrap-password (PALISADE_USERS_BOOTSTRAP_PASSWORD) is not"
                + " acceptable: "
                + e.getMessage(),
            e);
      }
    }
    String secret = generated ? generatePassword() : password;
    User user =
        users.save(new User(name, encoder.encode(secret), true, generated, clock.instant()));
    record(Actor.system("bootstrap"), null, "CREATE", user.getId(), "user " + name + " (operator)");
    return secret;
  }

  /**
   * Stores a new user after checking the name and password, for the caller to record with {@link
   * #recordCreated} in the same transaction. The password was set by someone else (an operator or
   * an account's admin), who knows it and may have sent it through mail or chat: the user must
   * choose their own at the first sign-in. A user who is not an operator must be given a role in
   * that transaction too ({@link AccountMembers}), or nobody but an operator could ever see them.
   *
   * @throws ConflictException if the name is taken
   * @throws IllegalArgumentException if the name or password is not acceptable
   */
  @Transactional
  User insert(String username, String password, boolean operator) {
    String name = checkUsername(username);
    policy.check(name, password);
    if (users.findByUsername(name).isPresent()) {
      // The same answer whoever holds the name: it confirms no user of another account.
      throw new ConflictException(NAME_UNAVAILABLE);
    }
    return users.save(new User(name, encoder.encode(password), operator, true, clock.instant()));
  }

  /** Records in the audit trail that a user was created. */
  @Transactional
  void recordCreated(User user, Actor actor) {
    record(
        actor,
        null,
        "CREATE",
        user.getId(),
        "user " + user.getUsername() + (user.isOperator() ? " (operator)" : ""));
  }

  /**
   * Changes a user's own password after checking the current one. The user's credential version
   * goes up, which signs out every other session of the user (the caller keeps its own session with
   * {@code SignedInUser}'s new version).
   *
   * @return the user's new credential version
   * @throws IllegalArgumentException if the current password is wrong or the new one unacceptable
   */
  @Transactional
  public long changePassword(long userId, String current, String next, Actor actor) {
    User user = user(userId);
    if (current == null || !encoder.matches(current, user.getPasswordHash())) {
      throw new IllegalArgumentException("the current password is wrong");
    }
    policy.check(user.getUsername(), next);
    if (next.equals(current)) {
      throw new IllegalArgumentException("choose a password different from the current one");
    }
    user.changePassword(encoder.encode(next), false);
    record(actor, null, "UPDATE", userId, "user " + user.getUsername() + " changed the password");
    return user.getCredentialVersion();
  }

  /**
   * Sets the password of another user, for an operator helping someone who forgot theirs: the user
   * must replace it at the next sign-in, as it was set by someone else, and every session of the
   * user ends (the credential version goes up).
   *
   * @throws IllegalArgumentException if the password is not acceptable, or for the actor's own
   *     user, who changes their password with {@link #changePassword} (knowing the current one)
   */
  @Transactional
  public void resetPassword(long userId, long actingUserId, String password, Actor actor) {
    User user = user(userId);
    if (userId == actingUserId) {
      throw new IllegalArgumentException(
          "change your own password on the password page, with your current one");
    }
    policy.check(user.getUsername(), password);
    user.changePassword(encoder.encode(password), true);
    record(
        actor,
        null,
        "UPDATE",
        userId,
        "user " + user.getUsername() + " was given a new password, to be replaced at sign-in");
  }

  /**
   * The credential version of a user ({@link User#getCredentialVersion}), or empty when the user no
   * longer exists: checked on every request of a web UI session.
   */
  @Transactional(readOnly = true)
  public OptionalLong credentialVersion(long userId) {
    return users
        .findById(userId)
        .map(u -> OptionalLong.of(u.getCredentialVersion()))
        .orElse(OptionalLong.empty());
  }

  /**
   * Deletes a user with their roles.
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

  /**
   * Deletes a user who is not an operator and was just taken out of their last account, recording
   * it in that account's trail.
   */
  @Transactional
  void deleteWithoutAccount(long userId, long accountId, Actor actor) {
    User user = user(userId);
    if (user.isOperator()) {
      throw new IllegalArgumentException(user.getUsername() + " is an operator");
    }
    users.delete(user);
    record(actor, accountId, "DELETE", userId, "user " + user.getUsername() + " (no account left)");
  }

  private void record(Actor actor, Long accountId, String action, long userId, String summary) {
    audit.record(
        AuditRecord.of(clock.instant(), accountId, actor, action, "USER", userId, summary));
  }

  private String generatePassword() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
