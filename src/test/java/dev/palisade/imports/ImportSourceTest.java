package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportSourceTest {

  @Test
  void fileIsNamedByItsPathAndOpensItsBytes(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("spam.txt"), "192.0.2.1\n");

    ImportSource source = ImportSource.of(file);

    assertThat(source.name()).isEqualTo(file.toString());
    assertThat(bytes(source)).isEqualTo("192.0.2.1\n");
  }

  @Test
  void bytesInMemoryCanBeOpenedMoreThanOnce() throws IOException {
    ImportSource source = ImportSource.of("body", "a\nb".getBytes(StandardCharsets.UTF_8));

    assertThat(source.name()).isEqualTo("body");
    assertThat(bytes(source)).isEqualTo("a\nb");
    assertThat(bytes(source)).isEqualTo("a\nb");
  }

  @Test
  void textIsReadAsItsUtf8BytesAndNullAsNothing() throws IOException {
    assertThat(bytes(ImportSource.ofText("input", "bücher.example"))).isEqualTo("bücher.example");
    assertThat(bytes(ImportSource.ofText("input", null))).isEmpty();
  }

  private static String bytes(ImportSource source) throws IOException {
    try (InputStream in = source.open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
