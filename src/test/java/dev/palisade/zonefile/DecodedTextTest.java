package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecodedTextTest {

  private static String read(byte[] bytes, int maxChars) throws IOException {
    return DecodedText.read(new ByteArrayInputStream(bytes), maxChars);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givesTheTextOfAnInputAsEveryImportDecodesIt() throws IOException {
    assertThat(read(gzip("a\r\nb\n"), 100)).isEqualTo("a\nb");
    assertThat(read(utf8("192.0.2.1 spam\n\nbé\n"), 100)).isEqualTo("192.0.2.1 spam\n\nbé");
    assertThat(read(new byte[0], 100)).isEmpty();
  }

  @Test
  void namesTheLineThatIsNotText() {
    assertThatThrownBy(() -> read(new byte[] {'a', '\n', (byte) 0xc3}, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 2: not valid UTF-8 text");
  }

  @Test
  void refusesTextLongerThanAllowed() {
    assertThatThrownBy(() -> read(utf8("0123456789"), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("it is longer than 5 characters uncompressed");
    assertThatThrownBy(() -> read(gzip("0123456789"), 5))
        .hasMessage("it is longer than 5 characters uncompressed");
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(utf8(text));
    }
    return bytes.toByteArray();
  }
}
