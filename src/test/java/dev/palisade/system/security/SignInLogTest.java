package dev.palisade.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A user name as the sign-in log writes it: one line, nothing hidden, bounded. */
class SignInLogTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "alice|alice",
        "al\"ice|al\\\"ice",
        "al\\ice|al\\\\ice",
        "a\u202Eecila|a\\u202eecila",
        "a\u0007b|a\\u0007b",
        "a\u2028b|a\\u2028b",
        "a\u200Bb|a\\u200bb",
      })
  void controlFormatAndSeparatorCharactersAreEscaped(String name, String logged) {
    assertThat(SignInLog.escape(name)).isEqualTo(logged);
  }

  @ParameterizedTest
  @CsvSource({"100, 100", "101, 101", "100000, 101"})
  void aLongNameIsCutToAHundredCharacters(int length, int logged) {
    String escaped = SignInLog.escape("x".repeat(length));
    assertThat(escaped).hasSize(Math.min(logged, 101));
    assertThat(escaped.endsWith("…")).isEqualTo(length > 100);
  }
}
