package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ZoneFileFormatTest {

  @ParameterizedTest
  @EnumSource(ZoneFileFormat.class)
  void findsEveryFormatByItsNameIgnoringCaseAndBlanks(ZoneFileFormat format) {
    assertThat(ZoneFileFormat.find(format.rbldnsdName())).isEqualTo(format);
    assertThat(ZoneFileFormat.find(" " + format.rbldnsdName().toUpperCase() + "\t"))
        .isEqualTo(format);
    assertThat(ZoneFileFormat.fromName(format.rbldnsdName())).isEqualTo(format);
  }

  @Test
  void findsNothingForOtherNames() {
    assertThat(ZoneFileFormat.find("csv")).isNull();
    assertThat(ZoneFileFormat.find(null)).isNull();
    assertThatThrownBy(() -> ZoneFileFormat.fromName("csv"))
        .hasMessage(
            "unknown format 'csv'; supported: ip4set, ip4trie, ip6trie, ip6tset, dnset, combined");
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {"generic | generic", "' ACL '  | acl", "acl6 | acl6", "ip4set | -", "json | -"})
  void namesTheRbldnsdTypesItDoesNotRead(String name, String unsupported) {
    assertThat(ZoneFileFormat.unsupportedType(name)).isEqualTo(unsupported);
  }

  @Test
  void namesTheFormatsAnExportWrites() {
    assertThat(ZoneFileFormat.exportNames()).isEqualTo("ip4set, ip4trie, ip6trie or dnset");
  }
}
