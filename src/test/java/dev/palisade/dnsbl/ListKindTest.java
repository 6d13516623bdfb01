package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ListKindTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "block | BLOCK",
        "allow | ALLOW",
        "'  Block ' | BLOCK",
        "ALLOW | ALLOW",
        "exclude | EXCLUDE",
        "Exclusion | EXCLUDE"
      })
  void readsTheListNamesIgnoringCaseAndBlanks(String name, ListKind kind) {
    assertThat(ListKind.ofName(name)).isEqualTo(kind);
  }

  @Test
  void refusesAMissingOrUnknownName() {
    assertThatThrownBy(() -> ListKind.ofName(null))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessage("list is missing: expected 'block', 'allow' or 'exclude'");
    assertThatThrownBy(() -> ListKind.ofName("  "))
        .hasMessage("list is missing: expected 'block', 'allow' or 'exclude'");
    assertThatThrownBy(() -> ListKind.ofName("deny"))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessage("list 'deny' is unknown: expected 'block', 'allow' or 'exclude'");
  }

  @Test
  void anExclusionHasNoZoneOfItsOwn() {
    assertThat(ListKind.ofZoneName("block")).isEqualTo(ListKind.BLOCK);
    assertThatThrownBy(() -> ListKind.ofZoneName("exclude"))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("no zone of its own");
    assertThatThrownBy(() -> ListZone.of(ListKind.EXCLUDE, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(ListKind.class)
  void writesTheNameItReads(ListKind kind) {
    assertThat(ListKind.ofName(kind.listName())).isEqualTo(kind);
    assertThat(kind.listName()).isLowerCase();
  }
}
