package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dnsbl.ListKind;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading a file twice without keeping its entries ({@link ZoneFileParser#scan}, then {@link
 * ZoneFileParser#stream}) gives what reading it once and keeping them ({@link
 * ZoneFileParser#parse}) gives, repeats aside: including what a later line changes in earlier ones.
 */
class ZoneFileStreamTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.palisade.zonefile.ShippedZonesTest#manifestEntries")
  void streamsEveryShippedFileAsItParses(ManifestEntry entry) throws IOException {
    String text = Files.readString(entry.file());

    assertThat(streamed(text, entry.list(), entry.format()))
        .isEqualTo(
            ZoneFileParser.parse("f", new StringReader(text), entry.list(), entry.format())
                .entries());
  }

  @Test
  void aVariableDefinedAfterItsFirstUseIsExpandedInEveryEntry() throws IOException {
    String text = ":127.0.0.2:Listed by $1\n192.0.2.1\n$1 Example RBL\n192.0.2.2\n";

    assertThat(streamed(text, ListKind.BLOCK, ZoneFileFormat.IP4SET))
        .extracting(ZoneFileEntry::reason)
        .containsExactly("Listed by Example RBL", "Listed by Example RBL");
  }

  @Test
  void anIp6tsetValueAfterItsEntriesIsTheValueOfAll() throws IOException {
    String text = "2001:db8:1:2\n:127.0.0.3:Bad network\n2001:db8:1:3\n!2001:db8:1:2::5\n";

    List<ZoneFileEntry> entries = streamed(text, ListKind.BLOCK, ZoneFileFormat.IP6TSET);

    assertThat(entries)
        .isEqualTo(
            ZoneFileParser.parse(
                    "f", new StringReader(text), ListKind.BLOCK, ZoneFileFormat.IP6TSET)
                .entries());
    assertThat(entries.get(0).returnCode()).isEqualTo(0x7f000003);
  }

  @Test
  void combinedDatasetsKeepTheirOwnValues() throws IOException {
    String text =
        "$1 Example\n$DATASET ip6tset @\n2001:db8:0:1\n:127.0.0.4:v6 $1\n"
            + "$DATASET ip4set @\n:127.0.0.5:v4 $1\n192.0.2.1\n$DATASET ip6tset @\n2001:db8:1:0\n";

    assertThat(streamed(text, ListKind.BLOCK, ZoneFileFormat.COMBINED))
        .isEqualTo(
            ZoneFileParser.parse(
                    "f", new StringReader(text), ListKind.BLOCK, ZoneFileFormat.COMBINED)
                .entries());
  }

  @Test
  void aRepeatedEntryIsHandedOverAgainAndNotReported() throws IOException {
    String text = "192.0.2.1 first\n192.0.2.1 second\n";

    assertThat(streamed(text, ListKind.BLOCK, ZoneFileFormat.IP4SET))
        .extracting(ZoneFileEntry::reason)
        .containsExactly("first", "second");
  }

  @Test
  void theScanReportsEveryBadLineAndCountsTheEntries() throws IOException {
    assertThatThrownBy(
            () ->
                ZoneFileParser.scan(
                    "f",
                    TextLines.of(new StringReader("192.0.2.1\n192.0.2.300\nx\n")),
                    ListKind.BLOCK,
                    ZoneFileFormat.IP4SET,
                    100,
                    () -> {}))
        .isInstanceOfSatisfying(
            ZoneFileException.class,
            e -> assertThat(e.errors()).extracting(ZoneFileIssue::line).containsExactly(2, 3));
    assertThat(
            ZoneFileParser.scan(
                    "f",
                    TextLines.of(new StringReader("192.0.2.1\n192.0.2.2\n")),
                    ListKind.BLOCK,
                    ZoneFileFormat.IP4SET,
                    100,
                    () -> {})
                .entries())
        .isEqualTo(2);
  }

  private static List<ZoneFileEntry> streamed(String text, ListKind kind, ZoneFileFormat format)
      throws IOException {
    ZoneFileScan scan =
        ZoneFileParser.scan("f", TextLines.of(new StringReader(text)), kind, format, 100, () -> {});
    List<ZoneFileEntry> entries = new ArrayList<>();
    ZoneFileParser.stream(
        "f", TextLines.of(new StringReader(text)), kind, format, scan, entries::add);
    return entries;
  }
}
