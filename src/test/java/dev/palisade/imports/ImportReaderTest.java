package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.util.unit.DataSize;

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
  void moreEntriesThanTheLimitStopTheReading() {
    ImportSpec spec = new ImportSpec(ListKind.BLOCK, ImportFormat.LINES, null, limits(1 << 20, 2));

    assertThatThrownBy(
            () ->
                ImportReader.read(
                    spec,
                    List.of(ImportSource.ofText("input", "192.0.2.1\n192.0.2.2\n192.0.2.3\n")),
                    NOW))
        .isInstanceOf(ImportLimitException.class)
        .hasMessage(
            "input: more than 2 entries, the limit (palisade.imports.max-entries);"
                + " nothing was imported");
  }

  @Test
  void anEndlessGzipBombIsCutAtTheDecompressedLimitAfterReadingLittleOfIt() throws IOException {
    // One gzip member of 8 MiB of lines, about 25 KB, repeated for ever: a gzip stream may hold any
    // number of members, so this inflates without end unless the reader stops counting bytes.
    byte[] member = gzip("192.0.2.1\n".repeat(800_000));
    AtomicLong compressedRead = new AtomicLong();
    ImportSource endless =
        new ImportSource() {
          @Override
          public String name() {
            return "bomb";
          }

          @Override
          public InputStream open() {
            return new InputStream() {
              private long position;

              @Override
              public int read() {
                compressedRead.incrementAndGet();
                return member[(int) (position++ % member.length)] & 0xff;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) {
                int start = (int) (position % member.length);
                int n = Math.min(length, member.length - start);
                System.arraycopy(member, start, buffer, offset, n);
                position += n;
                compressedRead.addAndGet(n);
                return n;
              }
            };
          }
        };
    ImportSpec spec =
        new ImportSpec(ListKind.BLOCK, ImportFormat.LINES, null, limits(1 << 20, 1_000_000));

    assertThatThrownBy(() -> ImportReader.read(spec, List.of(endless), NOW))
        .isInstanceOf(ImportLimitException.class)
        .hasMessage(
            "bomb: larger than the limit of 1048576 bytes decompressed"
                + " (palisade.imports.max-decompressed-size); nothing was imported");
    assertThat(compressedRead.get())
        .as("compressed bytes read: the read-ahead of the buffers, not the bomb")
        .isLessThan(256 * 1024);
  }

  @Test
  void linesAreCountedBadOnesToo() {
    byte[] notUtf8 = new byte[] {(byte) 0xff, '\n', (byte) 0xff, '\n', (byte) 0xff, '\n'};
    ImportSpec spec =
        new ImportSpec(
            ListKind.BLOCK,
            ImportFormat.LINES,
            null,
            new ImportLimits(DataSize.ofMegabytes(1), 2, 10, 10));

    assertThatThrownBy(() -> ImportReader.read(spec, List.of(ImportSource.of("x", notUtf8)), NOW))
        .isInstanceOf(ImportLimitException.class)
        .hasMessageStartingWith("x: more than 2 lines");
  }

  @Test
  void badLinesPastTheLimitStopTheReadingAndTheRestIsNotRead() throws IOException {
    ImportSpec spec =
        new ImportSpec(
            ListKind.BLOCK,
            ImportFormat.LINES,
            null,
            new ImportLimits(DataSize.ofMegabytes(1), 1000, 10, 3));

    ReadImport read =
        ImportReader.read(
            spec,
            List.of(
                ImportSource.ofText(
                    "a", "192.0.2.1\nbad/2\nbad/3\n192.0.2.2\nbad/5\nbad/6\nbad/7\n"),
                ImportSource.ofText("b", "bad/1\n")),
            NOW);

    assertThat(read.ok()).isFalse();
    assertThat(read.errorCount()).isEqualTo(4);
    assertThat(read.stoppedAt()).isEqualTo(6);
    assertThat(read.errors()).extracting(ZoneFileIssue::line).containsExactly(2, 3, 5, 6);
    assertThat(read.failures()).extracting(ZoneFileException::fileName).containsExactly("a");
    assertThatThrownBy(read::requireGood)
        .isInstanceOf(ImportException.class)
        .satisfies(
            e ->
                assertThat(((ImportException) e).count())
                    .isEqualTo(
                        "more than 3 bad lines; reading stopped at line 6"
                            + " (palisade.imports.max-bad-lines)"));
  }

  @ParameterizedTest
  @EnumSource(
      value = ImportFormat.class,
      names = {"LINES", "IP4TRIE"})
  void gzipThatCannotBeInflatedIsUnreadableNotAnInputFailure(ImportFormat format)
      throws IOException {
    byte[] whole = gzip("192.0.2.1\n".repeat(1000));
    byte[] truncated = Arrays.copyOf(whole, whole.length - 10);
    byte[] fake = {0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'};

    assertThatThrownBy(() -> read(format, ImportSource.of("cut.gz", truncated)))
        .isInstanceOf(UnreadableImportException.class)
        .hasMessage(
            "cut.gz: the gzip data ends too early: the file is truncated or was cut off in"
                + " transfer; nothing was imported");
    assertThatThrownBy(() -> read(format, ImportSource.of("fake.gz", fake)))
        .isInstanceOf(UnreadableImportException.class)
        .hasMessageStartingWith("fake.gz: not valid gzip data (");
  }

  private static ImportLimits limits(long bytes, int entries) {
    return new ImportLimits(DataSize.ofBytes(bytes), 2_000_000, entries, 10_000);
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
