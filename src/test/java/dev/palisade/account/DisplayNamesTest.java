package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DisplayNamesTest {

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {
        "0000", "0009", "000A", "000D", "001B", "007F", "0085", "200B", "200E", "200F", "202A",
        "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069", "2028", "2029", "FEFF"
      })
  void refusesControlAndFormatCharacters(String hex) {
    String name = "fail2ban" + Character.toString(Integer.parseInt(hex, 16)) + "mx1";

    assertThatThrownBy(() -> DisplayNames.check("a token name", name, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a token name may not contain control or formatting characters (line breaks, tabs,"
                + " text direction marks); found U+"
                + hex
                + " at character 9");
  }

  @Test
  void refusesALoneSurrogate() {
    assertThatThrownBy(() -> DisplayNames.check("a token name", "a\uD800b", 100))
        .hasMessageContaining("found U+D800 at character 2");
  }

  @Test
  void refusesEmptyAndOverLongNames() {
    assertThatThrownBy(() -> DisplayNames.check("a token name", null, 5))
        .hasMessage("a token name is empty");
    assertThatThrownBy(() -> DisplayNames.check("a token name", "  ", 5))
        .hasMessage("a token name is empty");
    assertThatThrownBy(() -> DisplayNames.check("a token name", "abcdef", 5))
        .hasMessage("a token name has at most 5 characters, this one has 6");
  }

  @Test
  void acceptsPrintableTextOfAnyScriptAndStripsTheEnds() {
    assertThat(DisplayNames.check("a name", "  fail2ban on mx1 ", 100))
        .isEqualTo("fail2ban on mx1");
    assertThat(DisplayNames.check("a name", "Müller & Söhne – 東京 👍", 100))
        .isEqualTo("Müller & Söhne – 東京 👍");
    assertThat(DisplayNames.check("a name", "abcde", 5)).isEqualTo("abcde");
  }
}
