package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a caller may see and change. Account 1 has servers 10 and 11; account 2 has server 20. The
 * callers: an operator, a whole-account caller of account 1, and one bound to server 10.
 */
class CallerTest {

  private static Caller caller(String who, boolean write) {
    return switch (who) {
      case "operator" -> new Caller(Caller.Kind.TOKEN, 1, "op", true, null, null, write);
      case "account1" -> new Caller(Caller.Kind.TOKEN, 2, "acct", false, 1L, null, write);
      case "server10" -> new Caller(Caller.Kind.TOKEN, 3, "mx", false, 1L, 10L, write);
      default -> throw new IllegalArgumentException(who);
    };
  }

  @ParameterizedTest(name = "{0} sees account {1}, server {2}: {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        // Operators see everything.
        "operator, 1, -,  true",
        "operator, 2, 20, true",
        // An account caller sees its account and every server of it, nothing of another account.
        "account1, 1, -,  true",
        "account1, 1, 10, true",
        "account1, 1, 11, true",
        "account1, 2, -,  false",
        "account1, 2, 20, false",
        // A server-bound caller sees its own server's scope only: not even its account's.
        "server10, 1, 10, true",
        "server10, 1, -,  false",
        "server10, 1, 11, false",
        "server10, 2, 20, false",
      })
  void seesTheScopesItsBindingAllows(String who, long account, Long server, boolean sees) {
    assertThat(caller(who, false).canSeeScope(account, server)).isEqualTo(sees);
    assertThat(caller(who, true).canSeeScope(account, server)).isEqualTo(sees);
  }

  @ParameterizedTest(name = "{0} changes account {1}, server {2}: {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "operator, 2, 20, true",
        "account1, 1, -,  true",
        "account1, 1, 11, true",
        "account1, 2, -,  false",
        "server10, 1, 10, true",
        "server10, 1, -,  false",
      })
  void changesOnlyWhatItSeesAndOnlyWithWriteRights(
      String who, long account, Long server, boolean writerChanges) {
    assertThat(caller(who, true).canChangeScope(account, server)).isEqualTo(writerChanges);
    assertThat(caller(who, false).canChangeScope(account, server)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"operator, 1, true", "operator, 2, true", "account1, 1, true", "account1, 2, false"})
  void seesAnAccountIfOperatorOrOfIt(String who, long account, boolean sees) {
    assertThat(caller(who, false).canSeeAccount(account)).isEqualTo(sees);
  }

  @Test
  void aServerBoundCallerStillSeesItsAccountAsAnAccount() {
    // canSeeAccount is about the account (its name, its tokens); the scope rules bind the server.
    assertThat(caller("server10", false).canSeeAccount(1)).isTrue();
  }

  @Test
  void theAuditTrailNamesTheKindTheNameAndTheId() {
    assertThat(new Caller(Caller.Kind.TOKEN, 12, "fail2ban", false, 1L, null, true).actorName())
        .isEqualTo("token:fail2ban#12");
    assertThat(new Caller(Caller.Kind.USER, 3, "alice", true, null, null, true).actorName())
        .isEqualTo("user:alice#3");
  }

  @Test
  void aCallerThatIsNotAnOperatorNeedsAnAccount() {
    assertThatThrownBy(() -> new Caller(Caller.Kind.USER, 3, "alice", false, null, null, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an account");
  }
}
