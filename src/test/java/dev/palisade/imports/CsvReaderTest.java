package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvReaderTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant EXPIRY = Instant.parse("2031-01-01T00:00:00Z");

  private static ReaderSupport read(String text) throws IOException {
    ReaderSupport support = new ReaderSupport();
    return support.readAll(
        new CsvReader(ReaderSupport.lines(text), ListKind.BLOCK, EXPIRY, NOW, support.errors));
  }

  @Test
  void readsEveryColumnAndSkipsAHeaderCommentsAndBlankLines() throws IOException {
    ReaderSupport read =
        read(
            "Value,Reason,Return code,Expires\r\n"
                + "# exported from the ticket system\r\n"
                + "\r\n"
                + "192.0.2.1,\"spam, and more\",127.0.0.3,2030-06-01T00:00:00+02:00\r\n"
                + "example.com\r\n"
                + "198.51.100.7,,,\r\n");

    assertThat(read.errors.count()).isZero();
    assertThat(read.drafts).extracting(LineDraft::line).containsExactly(4, 5, 6);
    EntryDraft first = read.drafts.get(0).draft();
    assertThat(first.reason()).isEqualTo("spam, and more");
    assertThat(first.returnCode()).isEqualTo(0x7f000003);
    assertThat(first.expiresAt()).isEqualTo(Instant.parse("2030-05-31T22:00:00Z"));
    EntryDraft second = read.drafts.get(1).draft();
    assertThat(second.reason()).isNull();
    assertThat(second.returnCode()).isNull();
    assertThat(second.expiresAt()).isEqualTo(EXPIRY);
    assertThat(read.drafts.get(2).draft().expiresAt()).isEqualTo(EXPIRY);
  }

  @Test
  void aHeaderNamingMoreColumnsLetsLinesCarryThemUnread() throws IOException {
    ReaderSupport read =
        read(
            "value,reason,return code,expires,list,type,state,source,created,created by,updated,"
                + "updated by\r\n"
                + "192.0.2.1,trap,127.0.0.3,,allow,ipv4,active,api,2030-01-01T00:00:00Z,t,"
                + "2030-01-01T00:00:00Z,t\r\n"
                + "192.0.2.2,a,b,c,d,e,f,g,h,i,j,k,l\r\n");

    assertThat(read.drafts).extracting(LineDraft::line).containsExactly(2);
    EntryDraft draft = read.drafts.get(0).draft();
    assertThat(draft.kind()).isEqualTo(ListKind.BLOCK);
    assertThat(draft.reason()).isEqualTo("trap");
    assertThat(draft.returnCode()).isEqualTo(0x7f000003);
    assertThat(read.errors.count()).isEqualTo(1);
  }

  @Test
  void aHeaderIsOnlyTheFirstLine() throws IOException {
    ReaderSupport read = read("192.0.2.1\nvalue,reason\n");

    assertThat(read.drafts)
        .as("a later 'value' is the domain name value")
        .extracting(d -> d.draft().value().canonical())
        .containsExactly("192.0.2.1", "value");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "bad value         | 192.0.2.300           | 192.0.2.300",
        "reserved code     | 192.0.2.1,,127.0.0.1  | is reserved",
        "not a date        | 192.0.2.1,,,tomorrow  | expiry 'tomorrow' is not a date such as 2030-01-31T12:00:00Z",
        "past expiry       | 192.0.2.1,,,2029-01-01T00:00:00Z | expiry '2029-01-01T00:00:00Z' is not in the future",
        "five columns      | 192.0.2.1,a,b,c,d     | 5 columns; expected value,reason,return code,expires",
        "open quote        | '192.0.2.1,\"spam'    | a quote is not closed",
      })
  void explainsABadLine(String what, String line, String message) throws IOException {
    ReaderSupport read = read("192.0.2.9\n" + line + "\n");

    assertThat(read.drafts).hasSize(1);
    assertThat(read.errors.reported()).extracting(ZoneFileIssue::line).containsExactly(2);
    assertThat(read.errors.reported().get(0).message()).contains(message);
  }

  @Test
  void joinsEveryProblemOfOneLineIntoOneBadLine() throws IOException {
    ReaderSupport read = read("192.0.2.300,,10.0.0.2\n");

    assertThat(read.errors.count()).isEqualTo(1);
    assertThat(read.errors.reported())
        .extracting(ZoneFileIssue::line, i -> i.message().split("; ").length)
        .containsExactly(tuple(1, 2));
  }
}
