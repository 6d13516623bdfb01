package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.ZoneFileDirectives;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DraftReaderTest {

  /** One small input per format, each giving the entry 192.0.2.7 with reason "spam". */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lines    | LinesReader   | 192.0.2.7 spam",
        "csv      | CsvReader     | 192.0.2.7,spam",
        "ip4set   | RbldnsdReader | 192.0.2.7 :2:spam",
        "ip4trie  | RbldnsdReader | 192.0.2.7/32 spam",
        "combined | RbldnsdReader | $DATASET ip4set @\\n192.0.2.7 spam",
      })
  void opensTheReaderOfEachFormat(String format, String reader, String text) throws IOException {
    IssueCollector errors = new IssueCollector("t");
    DraftReader opened =
        DraftReader.open(
            ImportSpec.of(ListKind.BLOCK, ImportFormat.fromName(format)),
            "t",
            ReaderSupport.lines(text.replace("\\n", "\n")),
            errors,
            new IssueCollector("t"),
            Instant.EPOCH);

    assertThat(opened.getClass().getSimpleName()).isEqualTo(reader);
    LineDraft draft = opened.next();
    assertThat(draft.draft().value().canonical()).isEqualTo("192.0.2.7");
    assertThat(draft.draft().reason()).isEqualTo("spam");
    assertThat(opened.next()).isNull();
    assertThat(errors.count()).isZero();
    if (!reader.equals("RbldnsdReader")) {
      assertThat(opened.directives()).isEqualTo(ZoneFileDirectives.NONE);
    }
  }
}
