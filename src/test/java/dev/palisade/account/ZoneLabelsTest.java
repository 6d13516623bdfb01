package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ZoneLabelsTest {

  @ParameterizedTest
  @CsvSource({
    "acme, acme",
    "ACME, acme",
    "' Acme-Corp ', acme-corp",
    "mx1, mx1",
    "1, 1",
    "a-b-c, a-b-c"
  })
  void aNameIsStrippedAndLowerCased(String name, String label) {
    assertThat(ZoneLabels.checkName("account slug", name, 30)).isEqualTo(label);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-acme", "acme-", "ac_me", "ac.me", "ac me", "äcme", "acme!"})
  void aNameIsOneDnsLabelOfLettersDigitsAndInnerHyphens(String name) {
    assertThatThrownBy(() -> ZoneLabels.checkName("account slug", name, 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "account slug '"
                + name
                + "' may contain only letters, digits and hyphens, and must start and end with a"
                + " letter or digit");
  }

  @Test
  void anEmptyNameSaysWhichNameIsEmpty() {
    assertThatThrownBy(() -> ZoneLabels.checkName("mail server name", " ", 30))
        .hasMessage("mail server name is empty");
    assertThatThrownBy(() -> ZoneLabels.checkName("mail server name", null, 30))
        .hasMessage("mail server name is empty");
  }

  @Test
  void aNameHasAtMostTheGivenLength() {
    assertThat(ZoneLabels.checkName("zone label", "a".repeat(63), 63)).hasSize(63);
    assertThatThrownBy(() -> ZoneLabels.checkName("zone label", "a".repeat(64), 63))
        .hasMessage("zone label '" + "a".repeat(64) + "' is longer than 63 characters");
  }

  @Test
  void aServerLabelIsTheSlugAHyphenAndTheServerName() {
    assertThat(ZoneLabels.serverLabel("acme", "mx1")).isEqualTo("acme-mx1");
  }

  @Test
  void aServerLabelLongerThanADnsLabelIsRefused() {
    // RFC 1035 §2.3.4: 63 octets at most.
    assertThat(ZoneLabels.serverLabel("a".repeat(30), "b".repeat(32))).hasSize(63);
    assertThatThrownBy(() -> ZoneLabels.serverLabel("a".repeat(30), "b".repeat(33)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would be longer than 63 characters");
  }

  @Test
  void randomLabelsAre26Base32CharactersThatPassTheNameRulesAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String label = ZoneLabels.random();
      assertThat(label).matches("[a-z2-7]{26}");
      assertThat(ZoneLabels.checkName("zone label", label, ZoneLabels.MAX_LABEL)).isEqualTo(label);
      assertThat(seen.add(label)).isTrue();
    }
  }

  @ParameterizedTest(name = "{1} in {0}: {2}")
  @CsvSource({
    "bob, bob, true",
    "bob, bob-mx1, true",
    "bob, bob-mx-1, true",
    "bob, bobmx, false",
    "bob, bob-, false",
    "bob, bo, false",
    "bob-mx, bob-mx-1, true",
    "bob-mx, bob-mx1, false",
    "bob-mx, bob, false"
  })
  void aNamespaceIsTheSlugAndWhatFollowsItAndAHyphen(String slug, String label, boolean in) {
    assertThat(ZoneLabels.inNamespace(slug, label)).isEqualTo(in);
  }

  @Test
  void aLabelLiesInTheNamespacesOfEachPartBeforeAHyphen() {
    // The prefix-overlap trap: bob-mx-1 is in bob's namespace and in bob-mx's.
    assertThat(ZoneLabels.namespacesOf("bob-mx-1")).containsExactly("bob-mx-1", "bob", "bob-mx");
    assertThat(ZoneLabels.namespacesOf("acme")).containsExactly("acme");
  }
}
