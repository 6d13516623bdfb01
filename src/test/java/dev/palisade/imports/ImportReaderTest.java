package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImportReaderTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static ReadImport read(ImportFormat format, ImportSource... sources) throws IOException {
    return ImportReader.read(ImportSpec.of(ListKind.BLOCK, format), List.of(sources), NOW);
  }

  @ParameterizedTest
  @EnumSource(
      value = ImportFormat.class,
      names = {"LINES", "CSV", "IP4SET", "IP4TRIE"})
  void readsGzipCompressedInputOfEveryFormatByItsMagicBytes(ImportFormat format)
      throws IOException {
    ReadImport read = read(format, ImportSource.of("list.txt", gzip("192.0.2.1\n192.0.2.2\n")));

    assertThat(read.ok()).isTrue();
    assertThat(read.drafts())
        .extracting(d -> d.value().canonical())
        .containsExactly("192.0.2.1", "192.0.2.2");
  }

  @Test
  void readsEveryInputAndReportsEveryBadLineOfEachByName() throws IOException {
    ReadImport read =
        read(
            ImportFormat.LINES,
            ImportSource.ofText("good.txt", "192.0.2.1\n"),
            ImportSource.ofText("bad.txt", "192.0.2.2\nnot/an/address\n10.0.0.0/99\n"),
            ImportSource.ofText("worse.txt", "x..y\n"));

    assertThat(read.ok()).isFalse();
    assertThat(read.names()).containsExactly("good.txt", "bad.txt", "worse.txt");
    assertThat(read.failures())
        .extracting(ZoneFileException::fileName)
        .containsExactly("bad.txt", "worse.txt");
    assertThat(read.errors())
        .extracting(ZoneFileIssue::fileName, ZoneFileIssue::line)
        .containsExactly(tuple("bad.txt", 2), tuple("bad.txt", 3), tuple("worse.txt", 1));
    assertThat(read.errorCount()).isEqualTo(3);
    assertThat(read.drafts())
        .as("the good lines, for a preview")
        .extracting(d -> d.value().canonical())
        .containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(read.directives()).hasSize(3);
  }

  @Test
  void keepsRbldnsdWarningsAndDirectivesOfEachInput() throws IOException {
    ReadImport read =
        read(
            ImportFormat.IP4SET,
            ImportSource.ofText("a.txt", "$TTL 60\n192.0.2.1\n192.0.2.1\n"),
            ImportSource.ofText("b.txt", "192.0.2.9\n"));

    assertThat(read.ok()).isTrue();
    assertThat(read.warnings()).extracting(ZoneFileIssue::fileName).containsExactly("a.txt");
    assertThat(read.warningCount()).isEqualTo(1);
    assertThat(read.directives()).extracting(ZoneFileDirectives::ttl).containsExactly(60L, null);
  }

  @Test
  void moreEntriesThanTheLimitIsOneErrorOfTheWholeImport() throws IOException {
    ReadImport read =
        ImportReader.read(
            new ImportSpec(ListKind.BLOCK, ImportFormat.LINES, null, 2),
            List.of(ImportSource.ofText("input", "192.0.2.1\n192.0.2.2\n192.0.2.3\n")),
            NOW);

    assertThat(read.ok()).isFalse();
    assertThat(read.errors())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::message)
        .containsExactly(tuple(0, "3 entries; at most 2 can be added at once"));
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
