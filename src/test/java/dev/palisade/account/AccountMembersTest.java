package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.AccountRole.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.access.AccessDeniedException;

/** The rules of account membership that need no database: roles as callers, who manages users. */
class AccountMembersTest {

  @Test
  void anAdminIsAWritingCallerOfTheAccountOnly() {
    Caller admin = new AccountRole(7L, 3L, Role.ADMIN).caller("alice");

    assertThat(admin).isEqualTo(new Caller(Caller.Kind.USER, 7, "alice", false, 3L, null, true));
  }

  @Test
  void aViewerIsAReadOnlyCallerOfTheAccountOnly() {
    Caller viewer = new AccountRole(8L, 3L, Role.VIEWER).caller("bob");

    assertThat(viewer).isEqualTo(new Caller(Caller.Kind.USER, 8, "bob", false, 3L, null, false));
    assertThat(viewer.canSeeAccount(3)).isTrue();
    assertThat(viewer.canChangeScope(3, null)).isFalse();
    assertThat(viewer.canSeeAccount(4)).isFalse();
  }

  @Test
  void aChangedRoleGivesTheNewRights() {
    AccountRole role = new AccountRole(7L, 3L, Role.VIEWER);

    role.change(Role.ADMIN);

    assertThat(role.getRole()).isEqualTo(Role.ADMIN);
    assertThat(role.caller("alice").write()).isTrue();
  }

  @ParameterizedTest(name = "{0} manages the users of account {1}: {2}")
  @CsvSource({
    // An operator manages every account's users.
    "USER,  true,  -, true,  1, true",
    // An account admin manages their own account's users, no other's.
    "USER,  false, -, true,  1, true",
    "USER,  false, -, true,  2, false",
    // A viewer manages nobody.
    "USER,  false, -, false, 1, false",
    // Tokens follow the same rules; a server-bound token manages no account's users.
    "TOKEN, false, -, true,  1, true",
    "TOKEN, false, 10, true, 1, false",
    // A read-only caller manages nobody, not even a read-only operator token.
    "TOKEN, true,  -, false, 1, false",
    "TOKEN, false, -, false, 1, false",
  })
  void onlyOperatorsAndTheAccountsAdminsManageItsUsers(
      Caller.Kind kind, boolean operator, String server, boolean write, long account, boolean may) {
    Caller caller =
        new Caller(
            kind,
            1,
            "c",
            operator,
            operator ? null : 1L,
            server.equals("-") ? null : Long.parseLong(server),
            write);

    if (may) {
      assertThatCode(() -> AccountMembers.requireAdminOf(caller, account))
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> AccountMembers.requireAdminOf(caller, account))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessage("Only the account's admins manage its users.");
    }
  }

  @Test
  void aUserCannotChangeThemselfButATokenWithTheSameIdIsSomeoneElse() {
    Caller user = new Caller(Caller.Kind.USER, 7, "alice", false, 3L, null, true);
    Caller token = new Caller(Caller.Kind.TOKEN, 7, "ci", false, 3L, null, true);

    assertThatThrownBy(() -> AccountMembers.requireOther(user, 7, "remove yourself"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("you cannot remove yourself; ask another admin of the account or an operator");
    assertThatCode(() -> AccountMembers.requireOther(user, 8, "remove yourself"))
        .doesNotThrowAnyException();
    assertThatCode(() -> AccountMembers.requireOther(token, 7, "remove yourself"))
        .doesNotThrowAnyException();
  }
}
