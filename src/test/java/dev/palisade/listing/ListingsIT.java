package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.index.LiveIndex;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The store against a real database, seen through the live index DNS answers from. */
@SpringBootTest
@ActiveProfiles("test")
class ListingsIT {

  private static final dev.palisade.audit.Actor ACTOR =
      new dev.palisade.audit.Actor("test", "127.0.0.1", "api");

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired LiveIndex index;
  @Autowired PlatformTransactionManager transactions;
  @Autowired AuditLog audit;
  @Autowired ActiveEntries activeEntries;

  private ScopeInfo account;
  private ScopeInfo server;

  @BeforeEach
  void createScopes() {
    var created =
        accounts.createAccount("acct" + ACCOUNTS.incrementAndGet(), "Test account", ACTOR);
    var mx1 = accounts.createServer(created.getId(), "mx1", ACTOR);
    account = accounts.accountScope(created.getId());
    server = accounts.serverScope(mx1.getId());
  }

  @Test
  void createdEntryAnswersInTheIndexWhenTheCallReturns() {
    listings.create(account.id(), block("192.0.2.0/24", "spam from $"), EntrySource.API, ACTOR);

    Verdict verdict = zone(server).ip4(ip("192.0.2.77"));
    assertThat(verdict.kind()).isEqualTo(ListKind.BLOCK);
    assertThat(verdict.reason()).isEqualTo("spam from $");
    assertThat(verdict.returnCode()).isEqualTo(ReturnCode.DEFAULT);
    assertThat(zone(account).ip4(ip("192.0.2.77"))).isNotNull();
  }

  @Test
  void serverEntryDoesNotAnswerInTheAccountZone() {
    listings.create(server.id(), block("198.51.100.1", null), EntrySource.API, ACTOR);

    assertThat(zone(server).ip4(ip("198.51.100.1"))).isNotNull();
    assertThat(zone(account).ip4(ip("198.51.100.1"))).isNull();
  }

  @Test
  void everyChangeRaisesTheZoneSerial() {
    long before = zone(server).serial();
    listings.create(account.id(), block("203.0.113.9", null), EntrySource.API, ACTOR);
    long afterAccountChange = zone(server).serial();
    listings.create(server.id(), block("203.0.113.10", null), EntrySource.API, ACTOR);
    long afterServerChange = zone(server).serial();
    listings.delete(
        account.id(), ListKind.BLOCK, EntryValue.parse("203.0.113.9"), EntrySource.API, ACTOR);

    assertThat(afterAccountChange).isGreaterThan(before);
    assertThat(afterServerChange).isGreaterThan(afterAccountChange);
    assertThat(zone(server).serial()).isGreaterThan(afterServerChange);
  }

  @Test
  void duplicateValueOnTheSameListIsAConflictAndStoresNothing() {
    listings.create(account.id(), block("192.0.2.5", null), EntrySource.API, ACTOR);

    assertThatThrownBy(
            () -> listings.create(account.id(), block("192.0.2.5", "x"), EntrySource.API, ACTOR))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("192.0.2.5 is already on the block list");
    assertThat(listings.entries(account.id())).hasSize(1);
  }

  @Test
  void sameValueMayBeBlockedAndAllowedAndAllowWins() {
    listings.create(account.id(), block("192.0.2.6", null), EntrySource.API, ACTOR);
    listings.create(account.id(), allow("192.0.2.6"), EntrySource.API, ACTOR);

    assertThat(zone(account).ip4(ip("192.0.2.6")).kind()).isEqualTo(ListKind.ALLOW);

    listings.delete(
        account.id(), ListKind.ALLOW, EntryValue.parse("192.0.2.6"), EntrySource.API, ACTOR);
    assertThat(zone(account).ip4(ip("192.0.2.6")).kind()).isEqualTo(ListKind.BLOCK);
  }

  @Test
  void unknownScopeIsNotFoundAndStoresNothing() {
    long before = listings.entries(account.id()).size();

    assertThatThrownBy(
            () -> listings.create(999_999L, block("192.0.2.1", null), EntrySource.API, ACTOR))
        .isInstanceOf(NotFoundException.class);
    assertThat(listings.entries(account.id())).hasSize((int) before);
  }

  @Test
  void upsertCountsCreatedUpdatedUnchangedAndIsIdempotent() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      drafts.add(block("10." + (i / 256) + "." + (i % 256) + ".1", "bulk"));
    }

    UpsertResult first = listings.upsert(account.id(), drafts, EntrySource.IMPORT, ACTOR);
    UpsertResult again = listings.upsert(account.id(), drafts, EntrySource.IMPORT, ACTOR);
    drafts.set(7, block("10.0.7.1", "changed"));
    UpsertResult changed = listings.upsert(account.id(), drafts, EntrySource.IMPORT, ACTOR);

    assertThat(first)
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(2500, 0, 0));
    assertThat(again)
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(0, 0, 2500));
    assertThat(changed)
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(0, 1, 2499));
    // The scope's serial as each write left it: a write that changes nothing keeps it.
    assertThat(first.serial()).isPositive();
    assertThat(again.serial()).isEqualTo(first.serial());
    assertThat(changed.serial()).isGreaterThan(first.serial());
    assertThat(zone(account).ip4(ip("10.0.7.1")).reason()).isEqualTo("changed");
    assertThat(zone(account).ip4(ip("10.9.195.1"))).isNotNull();
  }

  @Test
  void upsertWithAnExpiryInThePastStoresNothing() {
    List<EntryDraft> drafts =
        List.of(
            block("192.0.2.50", null),
            new EntryDraft(
                ListKind.BLOCK,
                EntryValue.parse("192.0.2.51"),
                null,
                null,
                Instant.now().minusSeconds(5)));

    assertThatThrownBy(() -> listings.upsert(account.id(), drafts, EntrySource.API, ACTOR))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("192.0.2.51")
        .hasMessageContaining("not in the future");
    assertThat(listings.entries(account.id())).isEmpty();
    assertThat(zone(account).ip4(ip("192.0.2.50"))).isNull();
  }

  @Test
  void expiredEntryStopsAnsweringWithoutRestartAndRelistingRevivesIt() {
    listings.upsert(
        account.id(),
        List.of(expiring("192.0.2.99", Instant.now().plusMillis(600))),
        EntrySource.API,
        ACTOR);
    assertThat(zone(account).ip4(ip("192.0.2.99"))).isNotNull();

    await().atMost(Duration.ofSeconds(5)).until(() -> zone(account).ip4(ip("192.0.2.99")) == null);
    assertThat(listings.entries(account.id())).hasSize(1);

    listings.upsert(
        account.id(),
        List.of(expiring("192.0.2.99", Instant.now().plusSeconds(3600))),
        EntrySource.API,
        ACTOR);
    assertThat(zone(account).ip4(ip("192.0.2.99"))).isNotNull();
  }

  @Test
  void purgeDeletesOnlyEntriesExpiredBeforeTheCutoffAndAuditsIt() {
    listings.upsert(
        account.id(),
        List.of(expiring("192.0.2.120", Instant.now().plusMillis(200)), block("192.0.2.121", null)),
        EntrySource.API,
        ACTOR);
    await().atMost(Duration.ofSeconds(5)).until(() -> zone(account).ip4(ip("192.0.2.120")) == null);

    int purged = listings.purge(Instant.now(), 1000);

    assertThat(purged).isGreaterThanOrEqualTo(1);
    assertThat(listings.entries(account.id()))
        .extracting(Entry::getValue)
        .containsExactly("192.0.2.121");
    long accountId = accounts.describe(account.id()).accountId();
    assertThat(audit.find(new AuditQuery(accountId, null, null, "purge", null, null, null), 0, 5))
        .extracting(AuditEvent::summary)
        .anySatisfy(summary -> assertThat(summary).contains("purged expired block 192.0.2.120"));
  }

  @Test
  void deletingAnAccountTakesItsZonesOutOfDns() {
    var doomed = accounts.createAccount("doomed" + ACCOUNTS.incrementAndGet(), null, ACTOR);
    var scope = accounts.accountScope(doomed.getId());
    listings.create(scope.id(), block("192.0.2.1", null), EntrySource.API, ACTOR);
    assertThat(index.snapshot().zone(scope.label())).isNotNull();

    accounts.deleteAccount(doomed.getId(), ACTOR);

    assertThat(index.snapshot().zone(scope.label())).isNull();
  }

  @Test
  void everyChangeIsAuditedWithWhoWhenAndBeforeAndAfter() {
    long accountId = accounts.describe(account.id()).accountId();
    listings.upsert(
        server.id(),
        List.of(expiring("192.0.2.77", Instant.now().plusMillis(300))),
        EntrySource.API,
        ACTOR);
    listings.upsert(
        server.id(),
        List.of(
            new EntryDraft(
                ListKind.BLOCK,
                EntryValue.parse("192.0.2.77"),
                null,
                "now with a reason",
                Instant.now().plusMillis(300))),
        EntrySource.API,
        ACTOR);
    await().atMost(Duration.ofSeconds(5)).until(() -> zone(server).ip4(ip("192.0.2.77")) == null);
    // DNS drops the entry at its expiry by itself; the expiry job records it in the database after.
    AuditQuery entryEvents = new AuditQuery(accountId, null, "ENTRY", null, null, null, null);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> audit.find(entryEvents, 0, 10).get(0).action().equals("EXPIRE"));
    listings.delete(
        server.id(), ListKind.BLOCK, EntryValue.parse("192.0.2.77"), EntrySource.MANUAL, ACTOR);

    List<AuditEvent> events = audit.find(entryEvents, 0, 10);
    assertThat(events)
        .extracting(AuditEvent::action)
        .containsExactly("DELETE", "EXPIRE", "UPDATE", "CREATE");
    AuditEvent update = events.get(2);
    assertThat(update.actor()).isEqualTo("test");
    assertThat(update.clientIp()).isEqualTo("127.0.0.1");
    assertThat(update.source()).isEqualTo("api");
    assertThat(update.scopeLabel()).isEqualTo(server.label());
    assertThat(update.summary()).contains("block 192.0.2.77 on");
    assertThat(update.before()).contains("\"reason\":null");
    assertThat(update.after()).contains("\"reason\":\"now with a reason\"");
    assertThat(events.get(1).actor()).isEqualTo("system:expiry");
    assertThat(events.get(0).source()).isEqualTo("manual");
    assertThat(events.get(0).after()).isNull();
  }

  @Test
  void writesInsideACallersTransactionAreRefused() {
    TransactionTemplate outer = new TransactionTemplate(transactions);

    assertThatThrownBy(
            () ->
                outer.executeWithoutResult(
                    s ->
                        listings.create(
                            account.id(), block("192.0.2.3", null), EntrySource.API, ACTOR)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(listings.entries(account.id())).isEmpty();
  }

  @Test
  void movedEntriesKeepTheirIdsAndAnswerFromTheirNewScopeWhenTheCallReturns() {
    Entry moving = listings.create(account.id(), block("192.0.2.40", "x"), EntrySource.API, ACTOR);
    Entry staying =
        listings.create(account.id(), block("192.0.2.41", null), EntrySource.API, ACTOR);
    long accountSerial = zone(account).serial();

    int moved =
        listings.moveAll(
            EntrySelection.of(account.id(), List.of(moving.getId())),
            server.id(),
            ListKind.ALLOW,
            false,
            EntrySource.MANUAL,
            ACTOR);

    assertThat(moved).isEqualTo(1);
    assertThat(zone(account).ip4(ip("192.0.2.40"))).isNull();
    assertThat(zone(account).ip4(ip("192.0.2.41"))).isNotNull();
    assertThat(zone(server).ip4(ip("192.0.2.40")).kind()).isEqualTo(ListKind.ALLOW);
    assertThat(zone(account).serial()).isGreaterThan(accountSerial);
    Entry after = listings.entry(moving.getId());
    assertThat(after.getScopeId()).isEqualTo(server.id());
    assertThat(after.getKind()).isEqualTo(ListKind.ALLOW);
    assertThat(after.getReason()).isEqualTo("x");
    assertThat(listings.entry(staying.getId()).getScopeId()).isEqualTo(account.id());
  }

  @Test
  void aMoveMeetingAValueAlreadyThereMovesNothing() {
    Entry one = listings.create(account.id(), block("192.0.2.50", null), EntrySource.API, ACTOR);
    Entry two = listings.create(account.id(), block("192.0.2.51", null), EntrySource.API, ACTOR);
    listings.create(server.id(), block("192.0.2.51", null), EntrySource.API, ACTOR);

    assertThatThrownBy(
            () ->
                listings.moveAll(
                    EntrySelection.of(account.id(), List.of(one.getId(), two.getId())),
                    server.id(),
                    ListKind.BLOCK,
                    false,
                    EntrySource.MANUAL,
                    ACTOR))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already holds 192.0.2.51; nothing was moved");
    assertThat(listings.entry(one.getId()).getScopeId()).isEqualTo(account.id());
    assertThat(zone(account).ip4(ip("192.0.2.50"))).isNotNull();
  }

  @Test
  void everyEntryMatchingAFilterIsDeletedInOneWriteReadInChunks() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < EntryBatches.CHUNK * 2 + 7; i++) {
      drafts.add(block("10.77." + (i / 256) + "." + (i % 256), null));
    }
    listings.upsert(account.id(), drafts, EntrySource.IMPORT, ACTOR);
    listings.create(account.id(), block("10.78.0.1", null), EntrySource.API, ACTOR);
    EntryFilter filter =
        new EntryFilter(null, null, "10.77.", null, null, EntryFilter.TextMatch.VALUE_PREFIX);
    long serial = zone(account).serial();

    assertThat(listings.count(EntrySelection.matching(account.id(), filter)))
        .isEqualTo(drafts.size());
    int deleted =
        listings.deleteAll(
            EntrySelection.matching(account.id(), filter), EntrySource.MANUAL, ACTOR);

    assertThat(deleted).isEqualTo(drafts.size());
    assertThat(zone(account).serial()).isEqualTo(serial + 1);
    assertThat(zone(account).ip4(ip("10.77.3.6"))).isNull();
    assertThat(zone(account).ip4(ip("10.78.0.1"))).isNotNull();
    assertThat(listings.entries(account.id())).hasSize(1);
  }

  @Test
  void expiringEntriesByHandKeepsThemAndTheExpiryJobLeavesThemAlone() {
    Entry entry = listings.create(account.id(), block("192.0.2.60", null), EntrySource.API, ACTOR);
    Instant before = Instant.now().minusSeconds(1);

    int expired =
        listings.expireAll(
            EntrySelection.of(account.id(), List.of(entry.getId())), EntrySource.MANUAL, ACTOR);

    assertThat(expired).isEqualTo(1);
    assertThat(zone(account).ip4(ip("192.0.2.60"))).isNull();
    assertThat(listings.entry(entry.getId()).isActiveAt(Instant.now())).isFalse();
    // The expiry job's next round finds nothing to expire again.
    assertThat(listings.expire(before, Instant.now().plusSeconds(1))).isZero();
  }

  private ZoneView zone(ScopeInfo scope) {
    return index.snapshot().zone(scope.label());
  }

  /**
   * A mail server's zone is exported from its scope and its account's, read one after the other; a
   * write that commits between the two reads must show in neither, or the export is of no moment
   * DNS ever answered (under read committed, the second read saw it).
   */
  @Test
  void aServerScopeAndItsAccountScopeAreReadAsOfOneMoment() {
    listings.create(server.id(), block("192.0.2.1", null), EntrySource.API, ACTOR);
    listings.create(account.id(), block("192.0.2.2", null), EntrySource.API, ACTOR);

    List<String> read = new ArrayList<>();
    activeEntries.forEach(
        server.id(),
        account.id(),
        Instant.now(),
        entry -> {
          if (read.isEmpty()) {
            // While the server's scope is read, a write to the account's scope commits.
            listings.create(account.id(), block("192.0.2.3", null), EntrySource.API, ACTOR);
          }
          read.add(entry.value().canonical());
        });

    assertThat(read).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2");
  }

  private static EntryDraft block(String value, String reason) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), null, reason, null);
  }

  private static EntryDraft allow(String value) {
    return new EntryDraft(ListKind.ALLOW, EntryValue.parse(value), null, null, null);
  }

  private static EntryDraft expiring(String value, Instant at) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), null, null, at);
  }

  private static int ip(String text) {
    return ((EntryValue.Ip4Network) EntryValue.parse(text)).address();
  }
}
