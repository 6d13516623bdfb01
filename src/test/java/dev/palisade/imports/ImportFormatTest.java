package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.zonefile.ZoneFileFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ImportFormatTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "lines       | LINES    |",
        "csv         | CSV      |",
        "ip4set      | IP4SET   | IP4SET",
        "ip4trie     | IP4TRIE  | IP4TRIE",
        "ip6trie     | IP6TRIE  | IP6TRIE",
        "ip6tset     | IP6TSET  | IP6TSET",
        "dnset       | DNSET    | DNSET",
        "combined    | COMBINED | COMBINED",
        "\" CSV \"   | CSV      |",
        "IP4Set      | IP4SET   | IP4SET",
      })
  void readsEveryNameIgnoringCaseAndBlanks(
      String name, ImportFormat format, ZoneFileFormat zoneFileFormat) {
    assertThat(ImportFormat.fromName(name)).isEqualTo(format);
    assertThat(format.zoneFileFormat()).isEqualTo(zoneFileFormat);
  }

  @ParameterizedTest
  @EnumSource(ZoneFileFormat.class)
  void readsEveryRbldnsdDatasetTypeUnderItsOwnName(ZoneFileFormat format) {
    ImportFormat imported = ImportFormat.of(format);

    assertThat(imported.zoneFileFormat()).isEqualTo(format);
    assertThat(imported.formatName()).isEqualTo(format.rbldnsdName());
  }

  @ParameterizedTest
  @EnumSource(ImportFormat.class)
  void hasALabelAndPrintsAsItsName(ImportFormat format) {
    assertThat(format.label()).isNotBlank();
    assertThat(format).hasToString(format.formatName());
  }

  @Test
  void namesEverySupportedFormatWhenTheNameIsUnknown() {
    assertThat(ImportFormat.names())
        .isEqualTo("lines, csv, ip4set, ip4trie, ip6trie, ip6tset, dnset, combined");
    assertThatThrownBy(() -> ImportFormat.fromName("json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown format 'json'; supported: " + ImportFormat.names());
    assertThatThrownBy(() -> ImportFormat.fromName(null))
        .hasMessageStartingWith("unknown format 'null'");
  }

  @Test
  void saysWhenAnRbldnsdDatasetTypeIsNotSupported() {
    assertThatThrownBy(() -> ImportFormat.fromName("generic"))
        .hasMessageEndingWith("(rbldnsd generic datasets are not supported)");
    assertThatThrownBy(() -> ImportFormat.fromName("acl"))
        .hasMessageEndingWith("(rbldnsd acl datasets are not supported)");
  }
}
