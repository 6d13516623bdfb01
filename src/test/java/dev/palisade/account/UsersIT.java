package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.AccountRole.Role;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.common.ConflictException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * Users on the embedded database: operators, passwords, deletion, the first operator, and what the
 * audit trail says about users. A context of its own (another bootstrap name), so that counting
 * operators counts only this class's.
 */
@SpringBootTest(properties = "palisade.users.bootstrap-username=users-it")
@ActiveProfiles("test")
class UsersIT {

  private static final Actor ACTOR = new Actor("user:tester#1", "192.0.2.1", "manual");
  private static final String PASSWORD = "long-enough-secret";

  @Autowired Users users;
  @Autowired AccountMembers members;
  @Autowired Accounts accounts;
  @Autowired AuditLog audit;
  @Autowired PasswordEncoder encoder;

  private String suffix;

  @BeforeEach
  void aFreshSuffix() {
    suffix = Long.toString(System.nanoTime() % 1_000_000);
  }

  @Test
  void anOperatorIsCreatedOnceWhateverTheCaseOfTheName() {
    User root = users.createOperator("Root" + suffix, PASSWORD, ACTOR);

    assertThat(root.isOperator()).isTrue();
    // Another operator set the password: root must choose their own at the first sign-in.
    assertThat(root.isMustChangePassword()).isTrue();
    assertThat(users.byUsername("ROOT" + suffix)).map(User::getId).contains(root.getId());
    assertThat(members.roles(root.getId())).isEmpty();
    assertThatThrownBy(() -> users.createOperator("rOOt" + suffix, PASSWORD, ACTOR))
        .isInstanceOf(ConflictException.class)
        .hasMessage("this user name is not available; choose another");
  }

  @Test
  void aNewMemberIsRecordedAsCreatedAboveTheRoleItCameWith() {
    long acme = accounts.createAccount("users" + suffix, null, ACTOR).getId();

    User carol = members.createMember("carol" + suffix, PASSWORD, acme, Role.VIEWER, ACTOR);

    assertThat(userEvents(carol))
        .containsExactly(
            "CREATE user carol" + suffix,
            "UPDATE user carol" + suffix + " is viewer of users" + suffix);
  }

  @Test
  void aMemberLeftWithoutAccountIsDeletedInThatAccountsTrail() {
    long acme = accounts.createAccount("users" + suffix, null, ACTOR).getId();
    User admin = members.createMember("admin" + suffix, PASSWORD, acme, Role.ADMIN, ACTOR);
    User dave = members.createMember("dave" + suffix, PASSWORD, acme, Role.VIEWER, ACTOR);

    members.removeMember(members.callerFor(admin.getId(), acme), acme, dave.getId(), ACTOR);

    assertThat(userEvents(dave))
        .startsWith(
            "DELETE user dave" + suffix + " (no account left)",
            "UPDATE user dave" + suffix + " no longer has a role in account " + acme);
    assertThat(audit.find(new AuditQuery(acme, "DELETE", "USER", null, null, null, null), 0, 10))
        .extracting(AuditEvent::objectId)
        .containsExactly(dave.getId());
  }

  @Test
  void aPasswordChangeNeedsTheCurrentPasswordAndANewAcceptableOne() {
    User erin = users.createOperator("erin" + suffix, PASSWORD, ACTOR);
    long id = erin.getId();

    assertThatThrownBy(() -> users.changePassword(id, "wrong-password", "new-password-1", ACTOR))
        .hasMessage("the current password is wrong");
    assertThatThrownBy(() -> users.changePassword(id, null, "new-password-1", ACTOR))
        .hasMessage("the current password is wrong");
    assertThatThrownBy(() -> users.changePassword(id, PASSWORD, "short", ACTOR))
        .hasMessage("a password needs at least 10 characters");
    assertThatThrownBy(() -> users.changePassword(id, PASSWORD, PASSWORD, ACTOR))
        .hasMessage("choose a password different from the current one");
    assertThat(encoder.matches(PASSWORD, users.user(id).getPasswordHash())).isTrue();

    users.changePassword(id, PASSWORD, "new-password-1", ACTOR);

    String hash = users.user(id).getPasswordHash();
    assertThat(hash).startsWith("{bcrypt}").doesNotContain("new-password-1");
    assertThat(encoder.matches("new-password-1", hash)).isTrue();
    assertThat(encoder.matches(PASSWORD, hash)).isFalse();
  }

  @Test
  void theFirstOperatorsGeneratedPasswordMustBeChangedAChosenOneNeedNot() {
    String generated = users.createFirstOperator("first" + suffix, null);
    User first = users.byUsername("first" + suffix).orElseThrow();

    assertThat(generated).hasSizeGreaterThanOrEqualTo(20);
    assertThat(first.isOperator()).isTrue();
    assertThat(first.isMustChangePassword()).isTrue();
    assertThat(encoder.matches(generated, first.getPasswordHash())).isTrue();

    users.changePassword(first.getId(), generated, "chosen-password-1", ACTOR);
    assertThat(users.user(first.getId()).isMustChangePassword()).isFalse();

    users.createFirstOperator("second" + suffix, "chosen-password-2");
    assertThat(users.byUsername("second" + suffix).orElseThrow().isMustChangePassword()).isFalse();
  }

  @Test
  void aGuessableBootstrapPasswordIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> users.createFirstOperator("third" + suffix, "aaaaaaaaaa"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("palisade.users.bootstrap-password")
        .hasMessageContaining("too easy to guess");
    assertThat(users.byUsername("third" + suffix)).isEmpty();
  }

  @Test
  void aPasswordChangeRaisesTheCredentialVersionAndASignInIsAudited() {
    long acme = accounts.createAccount("users" + suffix, null, ACTOR).getId();
    User gina = members.createMember("gina" + suffix, PASSWORD, acme, Role.VIEWER, ACTOR);
    assertThat(gina.isMustChangePassword()).isTrue();
    long before = users.credentialVersion(gina.getId()).orElseThrow();

    long after = users.changePassword(gina.getId(), PASSWORD, "gina-chose-this-1", ACTOR);

    assertThat(after).isGreaterThan(before);
    assertThat(users.credentialVersion(gina.getId())).hasValue(after);
    assertThat(users.user(gina.getId()).isMustChangePassword()).isFalse();
    assertThatThrownBy(
            () -> users.changePassword(gina.getId(), "gina-chose-this-1", "1234567890", ACTOR))
        .hasMessageContaining("too easy to guess");

    // The sign-in is in the trail of the account gina works in, for its admins to see.
    members.recordSignIn(gina.getId(), "192.0.2.1");
    assertThat(
            audit.find(
                new AuditQuery(acme, "SIGN_IN", "USER", null, "gina" + suffix, null, null), 0, 10))
        .singleElement()
        .satisfies(e -> assertThat(e.clientIp()).isEqualTo("192.0.2.1"))
        .satisfies(e -> assertThat(e.summary()).isEqualTo("user gina" + suffix + " signed in"));
  }

  @Test
  void deletingAUserTakesTheirRolesWithThem() {
    long acme = accounts.createAccount("users" + suffix, null, ACTOR).getId();
    User frank = members.createMember("frank" + suffix, PASSWORD, acme, Role.ADMIN, ACTOR);

    users.delete(frank.getId(), ACTOR);

    assertThat(users.byUsername("frank" + suffix)).isEmpty();
    assertThat(members.roles(frank.getId())).isEmpty();
    assertThat(members.members(acme)).isEmpty();
  }

  @Test
  void theLastOperatorCannotBeDeleted() {
    users.createOperator("spare" + suffix, PASSWORD, ACTOR);
    List<User> operators = users.all().stream().filter(User::isOperator).toList();
    assertThat(operators).hasSizeGreaterThanOrEqualTo(2);

    operators.subList(1, operators.size()).forEach(user -> users.delete(user.getId(), ACTOR));
    long last = operators.get(0).getId();

    assertThatThrownBy(() -> users.delete(last, ACTOR))
        .isInstanceOf(ConflictException.class)
        .hasMessage("the last operator cannot be deleted");
    assertThat(users.user(last).isOperator()).isTrue();
  }

  /** The trail of one user, newest first, as "ACTION summary". */
  private List<String> userEvents(User user) {
    return audit.find(new AuditQuery(null, null, "USER", null, null, null, null), 0, 1000).stream()
        .filter(event -> user.getId().equals(event.objectId()))
        .map(event -> event.action() + " " + event.summary())
        .toList();
  }
}
