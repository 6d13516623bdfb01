package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which new passwords are accepted, and why the others are not, in words for the user. */
class PasswordPolicyTest {

  private static final PasswordPolicy POLICY = PasswordPolicy.bundled();

  @Test
  void aPasswordHasAtLeastTenCharacters() {
    assertThatThrownBy(() -> POLICY.check("alice", null))
        .hasMessage("a password needs at least 10 characters");
    assertThatThrownBy(() -> POLICY.check("alice", "mauve-koi"))
        .hasMessage("a password needs at least 10 characters");
    assertThatCode(() -> POLICY.check("alice", "mauve-koi7")).doesNotThrowAnyException();
  }

  @Test
  void aPasswordHasAtMost72BytesBecauseBcryptReadsNoMore() {
    String seventyTwo = "mauve koi ladder quietly hums over seven brass lanterns while owls doze!";
    assertThat(seventyTwo).hasSize(72);
    assertThatCode(() -> POLICY.check("alice", seventyTwo)).doesNotThrowAnyException();
    assertThatThrownBy(() -> POLICY.check("alice", seventyTwo + "x"))
        .hasMessage("a password has at most 72 bytes");
    // 37 characters, but 74 bytes in UTF-8.
    assertThatThrownBy(() -> POLICY.check("alice", "ü".repeat(37)))
        .hasMessage("a password has at most 72 bytes");
  }

  @ParameterizedTest(name = "{1}: {2}")
  @CsvSource({
    // One character, or a short unit, repeated.
    "bob, aaaaaaaaaa, it repeats a few characters",
    "bob, AAAAAAAAAAAA, it repeats a few characters",
    "bob, abcabcabca, it repeats a few characters",
    "bob, hunter2hunter2, it repeats a few characters",
    "bob, 1212121212, it repeats a few characters",
    "bob, !!!!!!!!!!!!, it repeats a few characters",
    "bob, aabbaabbcc, it repeats a few characters",
    // The 30,000 most common passwords, and with digits and punctuation around them.
    "bob, password123, it is on a list of common passwords",
    "bob, PASSWORD1234, it is on a list of common passwords",
    "bob, 1234567890, it is on a list of common passwords",
    "bob, Sunshine2024!, it is on a list of common passwords",
    "bob, 1iloveyou!!!, it is on a list of common passwords",
    "bob, manchester, it is on a list of common passwords",
    "bob, trustno1trustno1, it repeats a few characters",
    "bob, Welcome123456, it is on a list of common passwords",
    // Runs of the alphabet or of digits.
    "bob, 0987654321, it is a run of letters or digits",
    "bob, 3456789012, it is a run of letters or digits",
    "bob, zyxwvutsrqp, it is a run of letters or digits",
    "bob, mnopqrstuvw, it is a run of letters or digits",
    "bob, klmnopqrst99, it is a run of letters or digits",
    // Keyboard walks, QWERTY and QWERTZ, shifted digits too.
    "bob, qwertyuiop, it is on a list of common passwords",
    "bob, ytrewqasdfg, it is a walk over the keyboard",
    "bob, 5tgb6yhn7ujm, it is a walk over the keyboard",
    "bob, !qaz@wsx#edc, it is a walk over the keyboard",
    "bob, qwertzuiopü, it is a walk over the keyboard",
    "bob, 'hjkl;''poiu', it is a walk over the keyboard",
    "bob, '/.,mnbvcx12', it is a walk over the keyboard",
    // The user's own name, and the application's.
    "carol-smith, Carol-Smith-2024, it contains your user name",
    "carol-smith, my-carol-smith-pw, it contains your user name",
    "bob, palisade-rocks-7, it contains the name of this application",
    "bob, MyPalisade2025, it contains the name of this application",
  })
  void guessablePasswordsAreRefusedSayingWhy(String user, String password, String reason) {
    assertThatThrownBy(() -> POLICY.check(user, password))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("this password is too easy to guess: " + reason + ";");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mauve-koi-ladder",
        "correct horse battery staple",
        "operator-secret-1",
        "a long enough password",
        "long-enough-secret",
        "viewer-password-1",
        "Tr0ub4dour&3x",
        "q7#Lm2$vZ9pW",
        "sign-in-operator-7",
        "set-by-operator-46",
        "kangaroo court 1987",
      })
  void passwordsThatAreNotGuessableAreAccepted(String password) {
    assertThatCode(() -> POLICY.check("bob", password)).doesNotThrowAnyException();
  }

  @Test
  void aShortUserNameIsNotLookedForInsideThePassword() {
    // "al" is in many words: only names of three characters or more are looked for.
    assertThatCode(() -> POLICY.check("al", "totally-normal-1")).doesNotThrowAnyException();
  }

  @Test
  void theBundledListNamesItsOriginAndLicenceAndHoldsThirtyThousandPasswords() throws IOException {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(PasswordPolicy.LIST)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).contains("zxcvbn").contains("Permission is hereby granted");
      assertThat(text.lines().filter(l -> !l.startsWith("#") && !l.isEmpty())).hasSize(30_000);
    }
  }

  @Test
  void theCorePeelsDigitsAndPunctuationOffBothEnds() {
    assertThat(PasswordPolicy.core("!!password123")).isEqualTo("password");
    assertThat(PasswordPolicy.core("pass-word")).isEqualTo("pass-word");
    assertThat(PasswordPolicy.core("1234567890")).isEmpty();
  }
}
