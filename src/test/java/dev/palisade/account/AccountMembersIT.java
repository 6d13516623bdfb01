package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.AccountRole.Role;
import dev.palisade.audit.Actor;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.ActiveProfiles;

/**
 * Account admins manage their own account's users: they add viewers and admins, change roles and
 * take users out — never making an operator, never reaching into another account, never changing
 * themselves.
 */
@SpringBootTest
@ActiveProfiles("test")
class AccountMembersIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "web");
  private static final String PASSWORD = "long-enough-secret";

  @Autowired Users users;
  @Autowired AccountMembers members;
  @Autowired Accounts accounts;

  private long acme;
  private long other;
  private Caller acmeAdmin;
  private Caller acmeViewer;
  private String suffix;

  @BeforeEach
  void twoAccountsWithAnAdminAndAViewer() {
    suffix = Long.toString(System.nanoTime() % 1_000_000);
    acme = accounts.createAccount("acme" + suffix, null, ACTOR).getId();
    other = accounts.createAccount("other" + suffix, null, ACTOR).getId();
    User admin = members.createMember("admin" + suffix, PASSWORD, acme, Role.ADMIN, ACTOR);
    User viewer = members.createMember("viewer" + suffix, PASSWORD, acme, Role.VIEWER, ACTOR);
    acmeAdmin = members.callerFor(admin.getId(), acme);
    acmeViewer = members.callerFor(viewer.getId(), acme);
  }

  @Test
  void anAdminAddsAViewerWhoOnlyReadsTheAccount() {
    User bob = members.addMember(acmeAdmin, acme, "Bob" + suffix, PASSWORD, Role.VIEWER, ACTOR);

    assertThat(bob.isOperator()).isFalse();
    assertThat(members.members(acme))
        .contains(new AccountMembers.Member(bob.getId(), "bob" + suffix, Role.VIEWER));
    Caller asBob = members.callerFor(bob.getId(), acme);
    assertThat(asBob.write()).isFalse();
    assertThatThrownBy(() -> members.callerFor(bob.getId(), other))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void anAdminCannotAddToAnotherAccountNorCanAViewerAddAtAll() {
    assertThatThrownBy(
            () -> members.addMember(acmeAdmin, other, "eve" + suffix, PASSWORD, Role.ADMIN, ACTOR))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(
            () -> members.addMember(acmeViewer, acme, "eve" + suffix, PASSWORD, Role.ADMIN, ACTOR))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(users.byUsername("eve" + suffix)).isEmpty();
  }

  @Test
  void aTakenNameOrAWeakPasswordAddsNobody() {
    assertThatThrownBy(
            () ->
                members.addMember(acmeAdmin, acme, "viewer" + suffix, PASSWORD, Role.ADMIN, ACTOR))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(
            () -> members.addMember(acmeAdmin, acme, "weak" + suffix, "short", Role.VIEWER, ACTOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10");
    assertThat(users.byUsername("weak" + suffix)).isEmpty();
  }

  @Test
  void anAdminChangesRolesOfTheAccountsUsersButNotTheirOwnNorOutsiders() {
    long viewerId = acmeViewer.id();
    members.changeMemberRole(acmeAdmin, acme, viewerId, Role.ADMIN, ACTOR);
    assertThat(members.callerFor(viewerId, acme).write()).isTrue();

    assertThatThrownBy(
            () -> members.changeMemberRole(acmeAdmin, acme, acmeAdmin.id(), Role.VIEWER, ACTOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("your own role");
    User outsider = members.createMember("outsider" + suffix, PASSWORD, other, Role.VIEWER, ACTOR);
    assertThatThrownBy(
            () -> members.changeMemberRole(acmeAdmin, acme, outsider.getId(), Role.ADMIN, ACTOR))
        .isInstanceOf(NotFoundException.class);
    User operator = users.createOperator("op" + suffix, PASSWORD, ACTOR);
    assertThatThrownBy(
            () -> members.changeMemberRole(acmeAdmin, acme, operator.getId(), Role.VIEWER, ACTOR))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> members.removeMember(acmeAdmin, other, outsider.getId(), ACTOR))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(members.callerFor(outsider.getId(), other).write()).isFalse();
  }

  @Test
  void takingOutAUserDeletesThemOnlyWhenNoAccountIsLeft() {
    User shared = members.createMember("shared" + suffix, PASSWORD, acme, Role.VIEWER, ACTOR);
    members.grant(shared.getId(), other, Role.VIEWER, ACTOR);

    assertThat(members.removeMember(acmeAdmin, acme, shared.getId(), ACTOR)).isFalse();
    assertThat(members.callerFor(shared.getId(), other).write()).isFalse();
    assertThatThrownBy(() -> members.callerFor(shared.getId(), acme))
        .isInstanceOf(NotFoundException.class);

    assertThat(members.removeMember(acmeAdmin, acme, acmeViewer.id(), ACTOR)).isTrue();
    assertThat(users.byUsername("viewer" + suffix)).isEmpty();

    assertThatThrownBy(() -> members.removeMember(acmeAdmin, acme, acmeAdmin.id(), ACTOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("remove yourself");
  }
}
