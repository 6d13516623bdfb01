package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineByLineReaderTest {

  /** Hands every line to the test as it arrives, and makes a draft of lines saying "draft". */
  private static final class Recording extends LineByLineReader {
    final List<String> seen = new ArrayList<>();

    Recording(byte[] bytes, IssueCollector errors) throws IOException {
      super(TextLines.of(new ByteArrayInputStream(bytes)), errors);
    }

    @Override
    LineDraft read(int number, String line) {
      seen.add(number + ":" + line);
      return line.equals("draft")
          ? new LineDraft(number, EntryDraft.of(ListKind.BLOCK, "192.0.2.1"))
          : null;
    }
  }

  @Test
  void numbersLinesAndDropsAByteOrderMarkAndCarriageReturns() throws IOException {
    IssueCollector errors = new IssueCollector("t");
    Recording reader = new Recording("\uFEFFfirst\r\nsecond\n\ndraft\nlast".getBytes(), errors);

    assertThat(reader.next().line()).isEqualTo(4);
    assertThat(reader.next()).isNull();
    assertThat(reader.seen).containsExactly("1:first", "2:second", "3:", "4:draft", "5:last");
    assertThat(errors.count()).isZero();
  }

  @Test
  void recordsALineThatIsNotTextAndGoesOn() throws IOException {
    IssueCollector errors = new IssueCollector("latin1.txt");
    byte[] bytes = {'a', '\n', (byte) 0xff, '\n', 'd', 'r', 'a', 'f', 't', '\n'};
    Recording reader = new Recording(bytes, errors);

    assertThat(reader.next().line()).isEqualTo(3);
    assertThat(reader.next()).isNull();
    assertThat(reader.seen).containsExactly("1:a", "3:draft");
    assertThat(errors.reported())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::message)
        .containsExactly(tuple(2, "not valid UTF-8 text"));
  }

  @Test
  void findsTheFirstWhitespace() {
    assertThat(LineByLineReader.indexOfWhitespace("a b")).isEqualTo(1);
    assertThat(LineByLineReader.indexOfWhitespace("a\tb")).isEqualTo(1);
    assertThat(LineByLineReader.indexOfWhitespace("ab")).isEqualTo(-1);
  }
}
