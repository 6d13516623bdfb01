package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file shipped under {@code zones/} is read here, so the samples cannot rot. */
class ShippedZonesTest {

  private static final Path ZONES = Path.of("zones");

  static List<ManifestEntry> manifestEntries() throws IOException {
    return Manifest.read(ZONES.resolve("manifest.txt")).entries();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifestEntries")
  void parsesEveryManifestFileWithoutWarnings(ManifestEntry entry) throws IOException {
    ZoneFileContent content = ZoneFileParser.parse(entry.file(), entry.list(), entry.format());

    assertThat(content.entries()).isNotEmpty();
    assertThat(content.warnings()).isEmpty();
  }

  @Test
  void listsEveryDataFileInTheManifest() throws IOException {
    Set<Path> listed = new HashSet<>();
    for (ManifestEntry entry : manifestEntries()) {
      listed.add(entry.file());
    }
    try (Stream<Path> files = Files.walk(ZONES)) {
      List<Path> unlisted =
          files
              .filter(Files::isRegularFile)
              .map(file -> file.toAbsolutePath().normalize())
              .filter(file -> !file.getFileName().toString().equals("manifest.txt"))
              .filter(file -> !file.getFileName().toString().equals("README.md"))
              .filter(file -> !listed.contains(file))
              .toList();
      assertThat(unlisted).as("files in zones/ missing from manifest.txt").isEmpty();
    }
  }

  @Test
  void sampleBlockListPunchesAHoleAndCarriesValues() throws IOException {
    ZoneFileContent content =
        ZoneFileParser.parse(
            ZONES.resolve("demo-block-ip4.txt"), ListKind.BLOCK, ZoneFileFormat.IP4SET);

    assertThat(content.entries())
        .filteredOn(e -> e.kind() == ListKind.EXCLUDE)
        .extracting(ZoneFileEntry::value)
        .containsExactly(EntryValue.parse("198.51.100.25"));
    assertThat(content.entries())
        .filteredOn(e -> e.value().equals(EntryValue.parse("192.0.2.3")))
        .extracting(e -> e.returnCode(), ZoneFileEntry::reason)
        .containsExactly(tuple(0x7f000003, "Open relay at $"));
    assertThat(content.directives().soa()).isNotNull();
    assertThat(content.directives().nameServers().names())
        .containsExactly("ns1.example.net", "ns2.example.net");
  }

  @Test
  void samplesFeedBothTheAccountAndItsMailServer() throws IOException {
    assertThat(manifestEntries())
        .extracting(ManifestEntry::label, ManifestEntry::list)
        .contains(
            tuple("demo", ListKind.BLOCK),
            tuple("demo", ListKind.ALLOW),
            tuple("demo-mx1", ListKind.BLOCK),
            tuple("demo-mx1", ListKind.ALLOW));
    assertThat(manifestEntries())
        .extracting(ManifestEntry::format)
        .contains(ZoneFileFormat.values());
  }
}
