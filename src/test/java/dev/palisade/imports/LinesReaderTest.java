package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinesReaderTest {

  private static final Instant EXPIRY = Instant.parse("2099-01-01T00:00:00Z");

  private static ReaderSupport read(String text) throws IOException {
    ReaderSupport support = new ReaderSupport();
    return support.readAll(
        new LinesReader(ReaderSupport.lines(text), ListKind.ALLOW, EXPIRY, support.errors));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1} ({2})")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "192.0.2.1                          | 192.0.2.1      |",
        "\"  192.0.2.1   \"                 | 192.0.2.1      |",
        "198.51.100.0/24 hit the trap twice | 198.51.100.0/24 | hit the trap twice",
        "\".example.com\tpartner  \"        | .example.com   | partner",
        "2001:DB8::/32                      | 2001:db8::/32  |",
      })
  void readsAValueAndAnOptionalReason(String line, String value, String reason) throws IOException {
    ReaderSupport read = read(line);

    assertThat(read.errors.count()).isZero();
    assertThat(read.drafts).hasSize(1);
    assertThat(read.drafts.get(0).draft().value().canonical()).isEqualTo(value);
    assertThat(read.drafts.get(0).draft().reason()).isEqualTo(reason);
    assertThat(read.drafts.get(0).draft().kind()).isEqualTo(ListKind.ALLOW);
    assertThat(read.drafts.get(0).draft().expiresAt()).isEqualTo(EXPIRY);
  }

  @Test
  void skipsBlankLinesAndCommentsAndReportsBadLinesByNumber() throws IOException {
    ReaderSupport read = read("# trap\n\n192.0.2.1\n192.0.2.1/24\n   # indented\nexample..com\n");

    assertThat(read.drafts).extracting(LineDraft::line).containsExactly(3);
    assertThat(read.errors.reported())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::text)
        .containsExactly(tuple(4, "192.0.2.1/24"), tuple(6, "example..com"));
  }

  @Test
  void aReasonAMailServerCannotQuoteIsABadLine() throws IOException {
    ReaderSupport read = read("192.0.2.1 Spam \u00e9t\u00e9\n");

    assertThat(read.drafts).isEmpty();
    assertThat(read.errors.reported().get(0).message()).contains("only printable ASCII");
  }
}
