package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TextLinesTest {

  @Test
  void splitsBytesAtNewlinesKeepingACarriageReturnForTheReader() throws IOException {
    assertThat(all(TextLines.of(bytes("a\r\nb\n\nc")))).containsExactly("a\r", "b", "", "c");
    assertThat(all(TextLines.of(bytes("")))).isEmpty();
  }

  @Test
  void readsGzipCompressedBytesByTheirMagicBytesWhateverTheName() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write("bücher.example\n192.0.2.1\n".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(all(TextLines.of(new ByteArrayInputStream(compressed.toByteArray()))))
        .containsExactly("bücher.example", "192.0.2.1");
  }

  @Test
  void aLineThatIsNotUtf8IsReportedAndSkippedAlone() throws IOException {
    TextLines lines =
        TextLines.of(new ByteArrayInputStream(new byte[] {'a', '\n', (byte) 0xff, '\n', 'b'}));

    assertThat(lines.readLine()).isEqualTo("a");
    assertThatThrownBy(lines::readLine)
        .isInstanceOf(TextLines.BadLineException.class)
        .hasMessage("not valid UTF-8 text");
    assertThat(lines.readLine()).isEqualTo("b");
    assertThat(lines.readLine()).isNull();
  }

  @Test
  void gzipThatCannotBeInflatedSaysWhyNotHowTheInflaterNoticed() throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write("a\nb\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = compressed.toByteArray();
    TextLines cut = TextLines.of(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 4)));
    TextLines fake = TextLines.of(new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b, 1, 2}));

    assertThatThrownBy(() -> all(cut))
        .isInstanceOf(TextLines.BadGzipException.class)
        .hasMessageStartingWith("the gzip data ends too early");
    assertThatThrownBy(() -> all(fake))
        .isInstanceOf(TextLines.BadGzipException.class)
        .hasMessageStartingWith("not valid gzip data (");
  }

  @Test
  void aSingleByteThatLooksLikeTheStartOfGzipIsPlainText() throws IOException {
    assertThat(all(TextLines.of(new ByteArrayInputStream(new byte[] {0x1f}))))
        .containsExactly("\u001f");
  }

  @Test
  void readsCharactersAsBufferedReaderSplitsThem() throws IOException {
    assertThat(all(TextLines.of(new StringReader("a\r\nb\rc")))).containsExactly("a", "b", "c");
  }

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> all(TextLines lines) throws IOException {
    List<String> all = new ArrayList<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      all.add(line);
    }
    return all;
  }
}
