package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileFormat;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RbldnsdReaderTest {

  private static final Instant EXPIRY = Instant.parse("2099-01-01T00:00:00Z");

  private static ReaderSupport read(ZoneFileFormat format, String text) throws IOException {
    ReaderSupport support = new ReaderSupport();
    RbldnsdReader reader =
        new RbldnsdReader(
            "test.txt",
            ReaderSupport.lines(text),
            ListKind.BLOCK,
            format,
            EXPIRY,
            support.errors,
            support.warnings,
            new ImportBudget(ImportLimits.NONE));
    support.readAll(reader);
    support.directives = reader.directives();
    return support;
  }

  @Test
  void turnsEntriesExclusionsAndValuesIntoDrafts() throws IOException {
    ReaderSupport read =
        read(
            ZoneFileFormat.IP4SET,
            "$SOA 3600 ns.example.net hostmaster.example.net 0 600 300 86400 60\n"
                + ":3:Listed: $\n"
                + "198.51.100.0/24\n"
                + "!198.51.100.25\n"
                + "10.1 :5:Relay\n");

    assertThat(read.errors.count()).isZero();
    assertThat(read.drafts)
        .extracting(
            LineDraft::line,
            d -> d.draft().kind(),
            d -> d.draft().value().canonical(),
            d -> d.draft().returnCode(),
            d -> d.draft().reason())
        .containsExactly(
            tuple(3, ListKind.BLOCK, "198.51.100.0/24", 0x7f000003, "Listed: $"),
            tuple(4, ListKind.EXCLUDE, "198.51.100.25", null, null),
            tuple(5, ListKind.BLOCK, "10.1.0.0/16", 0x7f000005, "Relay"));
    assertThat(read.drafts).allMatch(d -> EXPIRY.equals(d.draft().expiresAt()));
    assertThat(read.directives.soa().origin()).isEqualTo("ns.example.net");
  }

  @Test
  void readsACombinedFileAndRefusesOtherDatasetTypesByLine() throws IOException {
    ReaderSupport good =
        read(
            ZoneFileFormat.COMBINED,
            "$DATASET ip4trie:relays @\n192.0.2.0/24\n$DATASET dnset:names @\n.spam.example\n");
    assertThat(good.drafts)
        .extracting(d -> d.draft().value().canonical())
        .containsExactly("192.0.2.0/24", ".spam.example");

    ReaderSupport bad =
        read(
            ZoneFileFormat.COMBINED,
            "$DATASET ip4set @\n192.0.2.1\n$DATASET generic:www @\nwww A 127.0.0.8\n");
    assertThat(bad.drafts).isEmpty();
    assertThat(bad.errors.reported()).extracting(ZoneFileIssue::line).containsExactly(3);
    assertThat(bad.errors.reported().get(0).message())
        .contains("dataset type 'generic' is not supported");
  }

  @Test
  void aFileWithABadLineGivesNoDraftsAndKeepsTheParsersCount() throws IOException {
    ReaderSupport read = read(ZoneFileFormat.IP4SET, "192.0.2.1\n300.1.2.3\n10.0.0.0/99\n");

    assertThat(read.drafts).isEmpty();
    assertThat(read.errors.count()).isEqualTo(2);
    assertThat(read.errors.reported()).extracting(ZoneFileIssue::line).containsExactly(2, 3);
    assertThat(read.directives).isEqualTo(ZoneFileDirectives.NONE);
  }

  @Test
  void aReasonAMailServerCannotQuoteIsABadLineWithItsNumber() throws IOException {
    ReaderSupport read = read(ZoneFileFormat.DNSET, "good.example\nbad.example :2:caf\u00e9\n");

    assertThat(read.drafts).extracting(LineDraft::line).containsExactly(1);
    assertThat(read.errors.reported())
        .extracting(ZoneFileIssue::line, ZoneFileIssue::text)
        .containsExactly(tuple(2, "bad.example"));
  }

  @Test
  void passesTheParsersWarningsOn() throws IOException {
    ReaderSupport read = read(ZoneFileFormat.IP4SET, "192.0.2.1\n192.0.2.1\n");

    assertThat(read.drafts).hasSize(1);
    assertThat(read.warnings.reported()).extracting(ZoneFileIssue::line).containsExactly(2);
  }
}
