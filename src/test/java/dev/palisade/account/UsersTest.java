package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * The rules for user names, and the caller an operator user is ({@link PasswordPolicyTest}:
 * passwords).
 */
class UsersTest {

  @Test
  void aUserNameIsStrippedAndLowerCased() {
    assertThat(Users.checkUsername("  Alice.Admin@Example-1_x "))
        .isEqualTo("alice.admin@example-1_x");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void aMissingUserNameIsAskedFor(String name) {
    assertThatThrownBy(() -> Users.checkUsername(name)).hasMessage("enter a user name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-alice", ".alice", "_alice", "al ice", "alice!", "ålice", "al/ice"})
  void aUserNameStartsWithALetterOrDigitAndHoldsOnlyNameCharacters(String name) {
    assertThatThrownBy(() -> Users.checkUsername(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("use letters, digits");
  }

  @Test
  void aUserNameHasAtMost100Characters() {
    assertThat(Users.checkUsername("a".repeat(100))).hasSize(100);
    assertThatThrownBy(() -> Users.checkUsername("a".repeat(101)))
        .hasMessage("a user name has at most 100 characters");
  }

  @Test
  void anOperatorUserIsAWritingOperatorCallerOfNoAccount() {
    User operator = user(4, "root", true);

    assertThat(Users.operatorCaller(operator))
        .isEqualTo(new Caller(Caller.Kind.USER, 4, "root", true, null, null, true));
  }

  @Test
  void aUserWhoIsNotAnOperatorIsNoOperatorCaller() {
    assertThatThrownBy(() -> Users.operatorCaller(user(5, "bob", false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bob is not an operator");
  }

  static User user(long id, String name, boolean operator) {
    User user = new User(name, "{noop}x", operator, false, Instant.EPOCH);
    ReflectionTestUtils.setField(user, "id", id);
    return user;
  }
}
