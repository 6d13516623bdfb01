package dev.palisade.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class NumberedLinesTest {

  @Test
  void numbersLinesFromOneAndEndsWithNull() throws IOException {
    IssueCollector errors = new IssueCollector("f");
    NumberedLines lines = new NumberedLines(TextLines.of(new StringReader("a\n\nc\n")), errors);

    assertThat(lines.number()).isZero();
    assertThat(lines.next()).isEqualTo("a");
    assertThat(lines.number()).isEqualTo(1);
    assertThat(lines.next()).isEmpty();
    assertThat(lines.number()).isEqualTo(2);
    assertThat(lines.next()).isEqualTo("c");
    assertThat(lines.number()).isEqualTo(3);
    assertThat(lines.next()).isNull();
    assertThat(lines.number()).isEqualTo(3);
    assertThat(errors.count()).isZero();
  }

  @Test
  void aLineThatIsNotTextKeepsItsNumberIsRecordedAndSkipped() throws IOException {
    byte[] bytes = {'o', 'k', '\n', (byte) 0xff, (byte) 0xfe, '\n', 'n', 'e', 'x', 't', '\n'};
    IssueCollector errors = new IssueCollector("f");
    NumberedLines lines = new NumberedLines(TextLines.of(new ByteArrayInputStream(bytes)), errors);

    assertThat(lines.next()).isEqualTo("ok");
    assertThat(lines.next()).isEqualTo("next");
    assertThat(lines.number()).isEqualTo(3);
    assertThat(errors.count()).isEqualTo(1);
    assertThat(errors.reported().get(0).line()).isEqualTo(2);
    assertThat(errors.reported().get(0).text()).isEmpty();
  }

  @Test
  void badLinesAtTheEndAreRecordedBeforeTheEnd() throws IOException {
    byte[] bytes = {(byte) 0xc3, '\n', (byte) 0x80, '\n'};
    IssueCollector errors = new IssueCollector("f");
    NumberedLines lines = new NumberedLines(TextLines.of(new ByteArrayInputStream(bytes)), errors);

    assertThat(lines.next()).isNull();
    assertThat(errors.reported()).extracting(ZoneFileIssue::line).containsExactly(1, 2);
  }
}
