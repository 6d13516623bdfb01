package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** How each input of a read ends, whichever reader read it. */
class ImportInputsTest {

  private final ImportInputs inputs =
      new ImportInputs(new ImportLimits(DataSize.ofMegabytes(1), 1000, 100, 2));

  @Test
  void anInputStoppedAtTheLimitOfBadLinesIsReportedKeepsWhatItDeclaredAndEndsTheRead()
      throws IOException {
    ZoneFileDirectives declared = new ZoneFileDirectives(null, null, 600L);

    boolean more =
        inputs.read(
            "a.txt",
            input -> {
              input.declare(declared);
              input.cautions().add(1, "x", "a caution");
              input.errors().add(2, "bad", "first");
              input.errors().add(3, "bad", "second");
              input.errors().add(4, "bad", "third: the limit is 2");
            });

    assertThat(more).isFalse();
    ReadImport read = inputs.result(List.of());
    assertThat(read.names()).containsExactly("a.txt");
    assertThat(read.errors()).hasSize(3);
    assertThat(read.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.stoppedAt()).isEqualTo(4));
    assertThat(read.warningCount()).isEqualTo(1);
    assertThat(read.directives()).containsExactly(declared);
  }

  @Test
  void aGoodInputLetsTheNextBeRead() throws IOException {
    assertThat(inputs.read("a.txt", input -> {})).isTrue();
    assertThat(inputs.read("b.txt", input -> input.errors().add(1, "bad", "one"))).isTrue();

    ReadImport read = inputs.result(List.of());
    assertThat(read.names()).containsExactly("a.txt", "b.txt");
    assertThat(read.directives()).containsExactly(ZoneFileDirectives.NONE, ZoneFileDirectives.NONE);
    assertThat(read.errorCount()).isEqualTo(1);
  }

  @Test
  void gzipThatCannotBeInflatedIsAnUnreadableInput() {
    byte[] truncated = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2};

    assertThatThrownBy(
            () ->
                inputs.read(
                    "broken.gz",
                    input -> {
                      var lines =
                          inputs.budget().lines(input.name(), new ByteArrayInputStream(truncated));
                      while (lines.readLine() != null) {
                        // read to the end
                      }
                    }))
        .isInstanceOf(UnreadableImportException.class)
        .hasMessageContaining("broken.gz");
  }

  @Test
  void aZoneFileExceptionThatIsNotTheCollectorsStopPassesThrough() {
    ZoneFileException other = new ZoneFileException("a.txt", List.of(), 1);

    assertThatThrownBy(
            () ->
                inputs.read(
                    "a.txt",
                    input -> {
                      throw other;
                    }))
        .isSameAs(other);
  }
}
