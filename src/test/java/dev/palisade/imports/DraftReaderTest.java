package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.IssueCollector;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DraftReaderTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant EXPIRY = Instant.parse("2031-01-01T00:00:00Z");

  /**
   * One small input per format, written in that format's own syntax (a reason after a blank, CSV
   * columns, an rbldnsd value with a return code, a partial prefix): only the reader of the spec's
   * format reads it into this draft, on the spec's list and with its expiry.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "lines    | 192.0.2.7 spam                              | 192.0.2.7     | -",
        "csv      | 192.0.2.7,spam,127.0.0.3                    | 192.0.2.7     | 127.0.0.3",
        "ip4set   | 192.0.2 :3:spam                             | 192.0.2.0/24  | 127.0.0.3",
        "ip4trie  | 192.0.2.0/24 :3:spam                        | 192.0.2.0/24  | 127.0.0.3",
        "ip6trie  | 2001:db8::/32 :3:spam                       | 2001:db8::/32 | 127.0.0.3",
        "dnset    | .example.com :3:spam                        | .example.com  | 127.0.0.3",
        "combined | $DATASET ip4set @\\n192.0.2 :3:spam          | 192.0.2.0/24  | 127.0.0.3",
      })
  void readsEachFormatIntoDraftsOfTheSpec(
      String format, String text, String value, String returnCode) throws IOException {
    IssueCollector errors = new IssueCollector("t");
    DraftReader reader =
        DraftReader.open(
            new ImportSpec(
                ListKind.ALLOW, ImportFormat.fromName(format), EXPIRY, ImportLimits.NONE),
            "t",
            ReaderSupport.lines(text.replace("\\n", "\n")),
            errors,
            new IssueCollector("t"),
            NOW);

    LineDraft first = reader.next();
    assertThat(errors.reported()).isEmpty();
    EntryDraft draft = first.draft();
    assertThat(draft.value().canonical()).isEqualTo(value);
    assertThat(draft.reason()).isEqualTo("spam");
    assertThat(draft.kind()).isEqualTo(ListKind.ALLOW);
    assertThat(draft.expiresAt()).isEqualTo(EXPIRY);
    assertThat(draft.returnCode())
        .isEqualTo(returnCode == null ? null : ReturnCode.parse(returnCode));
    assertThat(first.line()).isEqualTo(format.equals("combined") ? 2 : 1);
    assertThat(reader.next()).isNull();
  }
}
