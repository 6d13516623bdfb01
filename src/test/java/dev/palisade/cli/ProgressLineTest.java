package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the command line prints of an import's progress when its standard error is not a terminal
 * (one line per update): on PostgreSQL the entries read into the database, then that it stores them
 * all at once, then stored; never "stored" before they are.
 */
class ProgressLineTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ProgressLine progress =
      new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  @Test
  void aSetBasedImportSaysWhatItReadThenThatItStoresThenStored() {
    progress.staged(1_000_000, 1_000_000);
    progress.storing(1_000_000);
    progress.stored(1_000_000, 1_000_000);

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .hasSize(3)
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .startsWith("read into the database 1,000,000 of 1,000,000 entries (100%), "),
            line ->
                assertThat(line)
                    .startsWith(
                        "storing all 1,000,000 entries at once: the database compares, writes and"
                            + " audits them and tells no count until it ends, "),
            line -> assertThat(line).startsWith("stored 1,000,000 of 1,000,000 entries (100%), "));
  }
}
