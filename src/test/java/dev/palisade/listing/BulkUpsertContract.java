package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditItem;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.imports.ImportException;
import dev.palisade.imports.ImportFormat;
import dev.palisade.imports.Imports;
import dev.palisade.index.LiveIndex;
import dev.palisade.index.ZoneView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * What a bulk write through {@link Listings#upsert} must do on every database, with batches large
 * enough to take the bulk path ({@code COPY} on PostgreSQL): {@link BulkUpsertIT} runs it on H2,
 * {@link PostgresBulkUpsertIT} on PostgreSQL.
 */
@SpringBootTest
@ActiveProfiles("test")
abstract class BulkUpsertContract {

  private static final Actor ACTOR = new Actor("bulk-tester", "192.0.2.99", "api");

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired LiveIndex index;
  @Autowired AuditLog audit;
  @Autowired Imports imports;

  private long accountId;
  private ScopeInfo scope;

  @BeforeEach
  void createScope() {
    accountId = accounts.createAccount("bulk" + ACCOUNTS.incrementAndGet(), null, ACTOR).getId();
    scope = accounts.accountScope(accountId);
  }

  @Test
  void valueGivenTwiceInOneBulkIsStoredOnceAndTheLastOneWins() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      drafts.add(block("10.1." + (i / 200) + "." + (i % 200), "first " + i));
    }
    for (int i = 0; i < 100; i++) {
      drafts.add(block("10.1." + (i / 200) + "." + (i % 200), "second " + i));
    }

    assertThat(upsert(drafts))
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(300, 0, 0));

    assertThat(listings.entries(scope.id())).hasSize(300);
    assertThat(zone().ip4(ip("10.1.0.7")).reason()).isEqualTo("second 7");
    assertThat(zone().ip4(ip("10.1.0.150")).reason()).isEqualTo("first 150");
  }

  @Test
  void existingValuesAreUpdatedOrLeftAloneAndNewOnesCreated() {
    Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    List<EntryDraft> first = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      first.add(
          new EntryDraft(
              ListKind.BLOCK,
              EntryValue.parse("10.2.0." + i),
              null,
              "old",
              i < 10 ? expiry : null));
    }
    upsert(first);
    long before = zone().serial();

    List<EntryDraft> second = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      second.add(block("10.2.0." + i, "new")); // changed reason (and for ten, no expiry)
    }
    for (int i = 100; i < 200; i++) {
      second.add(block("10.2.0." + i, "old")); // exactly as stored
    }
    for (int i = 0; i < 60; i++) {
      second.add(block("10.2.1." + i, "new"));
    }

    assertThat(upsert(second))
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(60, 100, 100));

    assertThat(zone().serial()).isGreaterThan(before);
    assertThat(zone().ip4(ip("10.2.0.5")).reason()).isEqualTo("new");
    assertThat(zone().ip4(ip("10.2.0.150")).reason()).isEqualTo("old");
    assertThat(zone().ip4(ip("10.2.1.59")).reason()).isEqualTo("new");
    Entry updated = listings.entry(scope.id(), ListKind.BLOCK, EntryValue.parse("10.2.0.5")).get();
    assertThat(updated.getReason()).isEqualTo("new");
    assertThat(updated.getExpiresAt()).isNull();
    assertThat(updated.getUpdatedBy()).isEqualTo("bulk-tester");
    assertThat(upsert(second))
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(0, 0, 260));
  }

  /**
   * The stored entries a bulk compares with are those of its own scope and list only, whatever the
   * batch's size (a short list of values, or a staged batch joined with the table) and order.
   */
  @ParameterizedTest
  @ValueSource(ints = {10, EntryBulkStore.STAGE_FROM + 50})
  void storedEntriesAreMatchedByScopeListAndValueOnly(int size) {
    long otherAccount =
        accounts.createAccount("bulk" + ACCOUNTS.incrementAndGet(), null, ACTOR).getId();
    long other = accounts.accountScope(otherAccount).id();
    List<EntryDraft> sameValuesElsewhere = new ArrayList<>();
    List<EntryDraft> allowed = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      sameValuesElsewhere.add(block(value(i), "other scope"));
      if (i % 2 == 0) {
        allowed.add(allow(value(i), "allowed"));
      }
    }
    listings.upsert(other, sameValuesElsewhere, EntrySource.IMPORT, ACTOR);
    upsert(allowed);

    // Blocks of the values this scope allows, the allows again as stored, in reverse order.
    List<EntryDraft> batch = new ArrayList<>();
    for (int i = size - 1; i >= 0; i--) {
      batch.add(block(value(i), "blocked"));
      if (i % 2 == 0) {
        batch.add(allow(value(i), i % 4 == 0 ? "allowed" : "allowed again"));
      }
    }

    int allows = allowed.size();
    int changed = allows / 2; // i % 4 == 2
    assertThat(upsert(batch))
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(size, changed, allows - changed));
    assertThat(listings.entries(scope.id())).hasSize(size + allows);
    assertThat(listings.entries(other))
        .hasSize(size)
        .allSatisfy(entry -> assertThat(entry.getReason()).isEqualTo("other scope"));
    assertThat(listings.entry(scope.id(), ListKind.BLOCK, EntryValue.parse(value(2))).get())
        .extracting(Entry::getReason)
        .isEqualTo("blocked");
    assertThat(listings.entry(scope.id(), ListKind.ALLOW, EntryValue.parse(value(2))).get())
        .extracting(Entry::getReason)
        .isEqualTo("allowed again");
    assertThat(upsert(batch))
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(0, 0, size + allows));
  }

  private static String value(int i) {
    return "10.7." + (i / 200) + "." + (i % 200);
  }

  @Test
  void mixedKindsAndListsAnswerInDnsWhenTheCallReturns() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      drafts.add(block("198.51.100." + i, null));
      drafts.add(block("2001:db8:" + Integer.toHexString(i) + "::/48", null));
      drafts.add(block(".spam" + i + ".example", "domain $"));
    }
    drafts.add(
        new EntryDraft(
            ListKind.ALLOW,
            EntryValue.parse("198.51.100.7"),
            ReturnCode.parse("127.0.0.5"),
            null,
            null));
    drafts.add(
        new EntryDraft(ListKind.ALLOW, EntryValue.parse("mail.spam3.example"), null, null, null));

    assertThat(upsert(drafts))
        .usingRecursiveComparison()
        .ignoringFields("serial")
        .isEqualTo(new UpsertResult(302, 0, 0));

    assertThat(zone().ip4(ip("198.51.100.99")).kind()).isEqualTo(ListKind.BLOCK);
    assertThat(zone().ip4(ip("198.51.100.7")).kind()).isEqualTo(ListKind.ALLOW);
    assertThat(zone().ip4(ip("198.51.100.7")).returnCode())
        .isEqualTo(ReturnCode.parse("127.0.0.5"));
    EntryValue.Ip6Network v6 = (EntryValue.Ip6Network) EntryValue.parse("2001:db8:63:1::1");
    assertThat(zone().ip6(v6.high(), v6.low()).kind()).isEqualTo(ListKind.BLOCK);
    assertThat(zone().domain("x.spam42.example").reason()).isEqualTo("domain $");
    assertThat(zone().domain("mail.spam3.example").kind()).isEqualTo(ListKind.ALLOW);
    assertThat(listings.entries(scope.id())).hasSize(302);
  }

  @Test
  void bulkAndSingleWritesGetDistinctIds() {
    Entry single = listings.create(scope.id(), block("192.0.2.1", null), EntrySource.API, ACTOR);
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      drafts.add(block("10.3." + (i / 200) + "." + (i % 200), null));
    }
    upsert(drafts);
    Entry another = listings.create(scope.id(), block("192.0.2.2", null), EntrySource.API, ACTOR);

    Set<Long> ids = new HashSet<>();
    for (Entry entry : listings.entries(scope.id())) {
      assertThat(entry.getId()).isPositive();
      ids.add(entry.getId());
    }
    assertThat(ids).hasSize(252).contains(single.getId(), another.getId());
  }

  @Test
  void expiryInThePastAnywhereStoresNothing() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      drafts.add(block("10.4.0." + i, null));
    }
    drafts.add(
        new EntryDraft(
            ListKind.BLOCK,
            EntryValue.parse("10.4.1.1"),
            null,
            null,
            Instant.now().minusSeconds(1)));
    long serial = zone().serial();

    assertThatThrownBy(() -> upsert(drafts)).isInstanceOf(InvalidEntryException.class);

    assertThat(listings.entries(scope.id())).isEmpty();
    assertThat(zone().serial()).isEqualTo(serial);
    assertThat(events("10.4.0.1", null)).isEmpty();
  }

  @Test
  void importWithABadLineReportsItsLineAndStoresNothing() {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      file.append("10.5.0.").append(i).append('\n');
    }
    file.append("10.5.0.300\n"); // line 151
    byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                imports.importFile(
                    scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, "bad.txt", bytes, ACTOR))
        .isInstanceOfSatisfying(
            ImportException.class,
            e -> assertThat(e.errors()).extracting(i -> i.line()).containsExactly(151));

    assertThat(listings.entries(scope.id())).isEmpty();
  }

  @Test
  void everyBulkEntryIsAuditedAndFoundByItsValue() {
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      drafts.add(block("10.6.0." + i, "back\\slash \"quoted\" $"));
    }
    upsert(drafts);
    List<EntryDraft> changed = new ArrayList<>(drafts);
    changed.set(17, block("10.6.0.17", "changed"));
    upsert(changed);

    // The first write is one event whose 120 items are the entries; the second changed one entry.
    List<AuditEvent> created =
        audit.find(new AuditQuery(accountId, "CREATE", "ENTRY", null, null, null, null), 0, 50);
    assertThat(created).singleElement().extracting(AuditEvent::itemCount).isEqualTo(120);
    AuditEvent bulk = created.get(0);
    assertThat(bulk.actor()).isEqualTo("bulk-tester");
    assertThat(bulk.clientIp()).isEqualTo("192.0.2.99");
    List<AuditItem> items = audit.items(bulk.id(), -1, 200);
    assertThat(items).hasSize(120);
    AuditItem item =
        items.stream()
            .filter(i -> i.summary().equals("block 10.6.0.17 on " + scope.label()))
            .findFirst()
            .orElseThrow();
    Entry entry = listings.entry(scope.id(), ListKind.BLOCK, EntryValue.parse("10.6.0.17")).get();
    assertThat(entry.getReason()).isEqualTo("changed");
    assertThat(
            listings
                .entry(scope.id(), ListKind.BLOCK, EntryValue.parse("10.6.0.16"))
                .get()
                .getReason())
        .isEqualTo("back\\slash \"quoted\" $");
    assertThat(item.action()).isEqualTo("CREATE");
    assertThat(item.objectId()).isEqualTo(entry.getId());
    assertThat(item.before()).isNull();
    assertThat(item.after())
        .isEqualTo(
            "{\"list\":\"block\",\"value\":\"10.6.0.17\",\"returnCode\":null,"
                + "\"reason\":\"back\\\\slash \\\"quoted\\\" $\",\"expiresAt\":null,"
                + "\"enabled\":true,\"source\":\"import\"}");
    List<AuditEvent> updated = events("10.6.0.17", "UPDATE");
    assertThat(updated).singleElement().extracting(AuditEvent::itemCount).isEqualTo(1);
    assertThat(updated.get(0).objectId()).isEqualTo(entry.getId());
    assertThat(updated.get(0).before()).contains("\"reason\":\"back\\\\slash");
    assertThat(updated.get(0).after()).contains("\"reason\":\"changed\"");
  }

  private UpsertResult upsert(List<EntryDraft> drafts) {
    return listings.upsert(scope.id(), drafts, EntrySource.IMPORT, ACTOR);
  }

  private List<AuditEvent> events(String value, String action) {
    return audit.find(
        new AuditQuery(accountId, action, "ENTRY", null, value + " ", null, null), 0, 50);
  }

  private ZoneView zone() {
    return index.snapshot().zone(scope.label());
  }

  private static EntryDraft block(String value, String reason) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), null, reason, null);
  }

  private static EntryDraft allow(String value, String reason) {
    return new EntryDraft(ListKind.ALLOW, EntryValue.parse(value), null, reason, null);
  }

  private static int ip(String text) {
    return ((EntryValue.Ip4Network) EntryValue.parse(text)).address();
  }
}
