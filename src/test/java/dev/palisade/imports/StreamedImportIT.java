package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.Dig;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Imports read and stored a batch at a time ({@link Imports#check}, {@link Imports#storeChecked}),
 * with batches of 500 and changes of more than 1,000 entries recorded in the change feed as "read
 * the scope again": the whole import is still one change, all or nothing, answered by DNS when it
 * returns; importing it again writes nothing; a repeated value keeps its first line.
 */
@SpringBootTest(
    properties = {"palisade.listing.bulk-batch=500", "palisade.listing.max-listed-change=1000"})
@ActiveProfiles("test")
class StreamedImportIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final int LINES = 3_000;

  @Autowired Imports imports;
  @Autowired Listings listings;
  @Autowired Accounts accounts;
  @Autowired DnsServer dns;
  @Autowired JdbcTemplate jdbc;

  @TempDir Path dir;

  @Test
  void aLargeImportIsOneChangeAnsweredByDnsAndRecordedInTheFeedAsAReload() throws IOException {
    ScopeInfo scope = scope("reload");
    long serial = serial(scope);

    ImportResult result = importFile(scope, ip4set(LINES, "first"));

    assertThat(result.created()).isEqualTo(LINES);
    assertThat(serial(scope)).isGreaterThan(serial);
    assertThat(
            jdbc.queryForObject(
                "select serial from change_log where scope_id = ?", Long.class, scope.id()))
        .as("one change, with the scope's serial")
        .isEqualTo(serial(scope));
    byte[] changes =
        jdbc.queryForObject(
            "select changes from change_log where scope_id = ?", byte[].class, scope.id());
    assertThat(changes.length).as("no list of 3,000 entries in the feed").isLessThan(64);
    assertThat(
            jdbc.queryForObject(
                "select added from change_log where scope_id = ?", Integer.class, scope.id()))
        .isEqualTo(LINES);
    // This node read the scope again, as any node following the feed does.
    assertThat(CapturedLog.text()).contains("scope " + scope.id() + " reloaded");
    for (int i = 0; i < LINES; i += 499) {
      assertThat(answer(scope, i)).as("entry %d", i).isEqualTo("NOERROR [127.0.0.2]");
    }
  }

  @Test
  void importingTheSameFileAgainWritesNothing() throws IOException {
    ScopeInfo scope = scope("again");
    Path file = ip4set(LINES, "first");
    importFile(scope, file);
    long serial = serial(scope);
    long audited = audited(scope);

    ImportResult again = importFile(scope, file);

    assertThat(again.created()).isZero();
    assertThat(again.updated()).isZero();
    assertThat(again.unchanged()).isEqualTo(LINES);
    assertThat(again.repeated()).isEqualTo(1);
    assertThat(serial(scope)).isEqualTo(serial);
    assertThat(audited(scope)).isEqualTo(audited);
  }

  @Test
  void theSameFileIntoAScopeUnchangedSinceIsReadOnlyToCheckIt() throws IOException {
    ScopeInfo scope = scope("fingerprint");
    Path file = ip4set(LINES, "first");
    importFile(scope, file);
    long serial = serial(scope);
    int[] opened = {0};
    ImportSource counted =
        new ImportSource() {
          @Override
          public String name() {
            return file.toString();
          }

          @Override
          public java.io.InputStream open() throws IOException {
            opened[0]++;
            return Files.newInputStream(file);
          }
        };
    CheckedImport checked =
        imports.check(ImportSpec.of(ListKind.BLOCK, ImportFormat.IP4SET), List.of(counted));
    int openedToCheck = opened[0];

    ImportResult again =
        imports.storeChecked(
            scope.id(), checked, EntrySource.IMPORT, ACTOR, false, ImportProgress.NONE);

    assertThat(opened[0]).as("opened again to store").isEqualTo(openedToCheck);
    assertThat(again.created()).isZero();
    assertThat(again.updated()).isZero();
    assertThat(again.unchanged()).isEqualTo(LINES);
    assertThat(again.repeated()).isEqualTo(1);
    assertThat(serial(scope)).isEqualTo(serial);
  }

  @Test
  void theSameFileIntoAScopeChangedSinceIsComparedAgain() throws IOException {
    ScopeInfo scope = scope("changed");
    Path file = ip4set(LINES, "first");
    importFile(scope, file);
    EntryValue gone = EntryValue.parse(address(LINES / 2));
    listings.delete(
        listings.entry(scope.id(), ListKind.BLOCK, gone).orElseThrow().getId(),
        EntrySource.MANUAL,
        ACTOR);

    ImportResult again = importFile(scope, file);

    assertThat(again.created()).isEqualTo(1);
    assertThat(again.unchanged()).isEqualTo(LINES - 1);
    assertThat(listings.entry(scope.id(), ListKind.BLOCK, gone)).isPresent();
  }

  @Test
  void aFileChangedSinceTheLastImportIsComparedAgain() throws IOException {
    ScopeInfo scope = scope("other");
    importFile(scope, ip4set(LINES, "first"));

    ImportResult again = importFile(scope, ip4set(LINES, "second"));

    assertThat(again.updated()).isEqualTo(LINES);
  }

  @Test
  void aValueRepeatedInALaterBatchKeepsItsFirstLine() throws IOException {
    ScopeInfo scope = scope("repeat");

    ImportResult result = importFile(scope, ip4set(LINES, "first"));

    assertThat(result.repeated()).isEqualTo(1);
    assertThat(listings.entry(scope.id(), ListKind.BLOCK, EntryValue.parse("10.0.0.0")))
        .hasValueSatisfying(entry -> assertThat(entry.getReason()).isEqualTo("first"));
  }

  @Test
  void aFailureAfterSomeBatchesStoresNothing() {
    ScopeInfo scope = scope("rollback");
    long serial = serial(scope);

    assertThatThrownBy(
            () ->
                listings.upsertAll(
                    scope.id(),
                    EntrySource.IMPORT,
                    ACTOR,
                    done -> {},
                    sink -> {
                      for (int i = 0; i < LINES; i++) {
                        sink.accept(
                            new EntryDraft(
                                ListKind.BLOCK, EntryValue.parse(address(i)), null, null, null));
                      }
                      throw new IllegalStateException("the file went away");
                    }))
        .hasMessage("the file went away");

    assertThat(serial(scope)).isEqualTo(serial);
    assertThat(audited(scope)).isZero();
    assertThat(listings.entries(scope.id())).isEmpty();
    assertThat(answer(scope, 0)).isEqualTo("NXDOMAIN []");
  }

  @Test
  void aBadLineAtTheEndOfALargeFileStoresNothingAndIsReported() throws IOException {
    ScopeInfo scope = scope("bad");
    Path file = ip4set(LINES, "first");
    Files.writeString(file, "10.0.300.1\n", StandardOpenOption.APPEND);

    CheckedImport checked =
        imports.check(
            ImportSpec.of(ListKind.BLOCK, ImportFormat.IP4SET), List.of(ImportSource.of(file)));

    assertThat(checked.ok()).isFalse();
    assertThat(checked.read().errors()).extracting(ZoneFileIssue::line).containsExactly(LINES + 3);
    assertThatThrownBy(
            () ->
                imports.storeChecked(
                    scope.id(), checked, EntrySource.IMPORT, ACTOR, false, ImportProgress.NONE))
        .isInstanceOf(ImportException.class);
    assertThat(listings.entries(scope.id())).isEmpty();
  }

  @Test
  void anOwnAddressOfTheServerInALaterBatchStoresNothing() throws IOException {
    String slug = "own-" + UUID.randomUUID().toString().substring(0, 6);
    long accountId = accounts.createAccount(slug, null, ACTOR).getId();
    var mx = accounts.createServer(accountId, "mx1", ACTOR);
    accounts.setOwnAddresses(mx.getId(), address(LINES - 10), ACTOR);
    ScopeInfo scope = accounts.serverScope(mx.getId());
    long serial = serial(scope);

    // Batches of 500: the own address is in the sixth, after five were written.
    assertThatThrownBy(() -> importFile(scope, ip4set(LINES, "first")))
        .hasMessageContaining(address(LINES - 10))
        .hasMessageContaining("own address of mail server mx1");

    assertThat(serial(scope)).isEqualTo(serial);
    assertThat(listings.entries(scope.id())).isEmpty();
    assertThat(answer(scope, 0)).isEqualTo("NXDOMAIN []");
  }

  @Test
  void wideEntriesNotConfirmedAreRefusedBeforeAnythingIsWritten() throws IOException {
    ScopeInfo scope = scope("wide");
    Path file = ip4set(LINES, "first");
    Files.writeString(file, "10.0.0.0/7\n", StandardOpenOption.APPEND);
    CheckedImport checked =
        imports.check(
            ImportSpec.of(ListKind.BLOCK, ImportFormat.IP4SET), List.of(ImportSource.of(file)));

    assertThat(checked.wideCount()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                imports.storeChecked(
                    scope.id(), checked, EntrySource.IMPORT, ACTOR, false, ImportProgress.NONE))
        .isInstanceOf(UnconfirmedWideException.class)
        .hasMessageContaining("1 wide entry, not confirmed; nothing was imported");
    assertThat(listings.entries(scope.id())).isEmpty();

    ImportResult confirmed =
        imports.storeChecked(
            scope.id(), checked, EntrySource.IMPORT, ACTOR, true, ImportProgress.NONE);
    assertThat(confirmed.created()).isEqualTo(LINES + 1);
  }

  private ImportResult importFile(ScopeInfo scope, Path file) throws IOException {
    CheckedImport checked =
        imports.check(
            ImportSpec.of(ListKind.BLOCK, ImportFormat.IP4SET), List.of(ImportSource.of(file)));
    assertThat(checked.ok()).as("%s", checked.read().errors()).isTrue();
    return imports.storeChecked(
        scope.id(), checked, EntrySource.IMPORT, ACTOR, false, ImportProgress.NONE);
  }

  /** An ip4set of {@code lines} addresses, then the first one again with another reason. */
  private Path ip4set(int lines, String reason) throws IOException {
    StringBuilder text = new StringBuilder(":127.0.0.2:" + reason + "\n");
    for (int i = 0; i < lines; i++) {
      text.append(address(i)).append('\n');
    }
    text.append(address(0)).append(" :127.0.0.3:repeated\n");
    Path file = dir.resolve(UUID.randomUUID() + ".ip4set");
    Files.writeString(file, text);
    return file;
  }

  private static String address(int i) {
    return "10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
  }

  private String answer(ScopeInfo scope, int i) {
    String name =
        (i & 0xff)
            + "."
            + ((i >> 8) & 0xff)
            + "."
            + (i >> 16)
            + ".10."
            + scope.label()
            + ".bl.rbl.palisade.test";
    Message answer = new Dig(dns.port()).udp(name, Type.A);
    return Dig.rcode(answer) + " " + Dig.addresses(answer);
  }

  private ScopeInfo scope(String name) {
    String slug = name + "-" + UUID.randomUUID().toString().substring(0, 6);
    return accounts.accountScope(accounts.createAccount(slug, null, ACTOR).getId());
  }

  private long serial(ScopeInfo scope) {
    return jdbc.queryForObject("select serial from scope where id = ?", Long.class, scope.id());
  }

  private long audited(ScopeInfo scope) {
    return jdbc.queryForObject(
        "select count(*) from audit_event where scope_label = ? and object_type = 'ENTRY'",
        Long.class,
        scope.label());
  }
}
