package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {

  @Test
  void splitsPlainCellsAtCommasKeepingEmptyOnes() {
    assertThat(CsvLine.split("192.0.2.1,spam,,")).containsExactly("192.0.2.1", "spam", "", "");
    assertThat(CsvLine.split("")).containsExactly("");
  }

  @Test
  void keepsCommasAndDoubledQuotesInsideQuotedCells() {
    assertThat(CsvLine.split("192.0.2.1,\"spam, then \"\"phish\"\"\",127.0.0.3"))
        .containsExactly("192.0.2.1", "spam, then \"phish\"", "127.0.0.3");
  }

  @Test
  void opensAQuotedCellAfterLeadingSpaces() {
    assertThat(CsvLine.split("a,  \"b,c\"")).isEqualTo(List.of("a", "b,c"));
  }

  @Test
  void takesAQuoteInsideAnUnquotedCellLiterally() {
    assertThat(CsvLine.split("a\"b,c")).containsExactly("a\"b", "c");
  }

  @Test
  void rejectsAQuoteThatIsNotClosed() {
    assertThatThrownBy(() -> CsvLine.split("192.0.2.1,\"spam"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a quote is not closed");
  }
}
