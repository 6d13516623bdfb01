package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the audit trail promises on every database: records join the change's transaction, and come
 * back whole, newest first, a page at a time, filtered by account, actor, text, action, object type
 * and time. {@link AuditLogIT} runs it on H2, {@link PostgresAuditLogIT} on PostgreSQL, where large
 * batches travel with {@code COPY}.
 *
 * <p>The trail is shared with the other tests of the same application context, so each test works
 * in an account id of its own (the trail has no foreign keys) and far in the past.
 */
@SpringBootTest
@ActiveProfiles("test")
abstract class AuditLogContract {

  private static final Instant T0 = Instant.parse("2001-02-03T04:05:06.789Z");

  @Autowired AuditLog audit;
  @Autowired PlatformTransactionManager transactions;

  private long account;

  @BeforeEach
  void anAccountOfItsOwn() {
    account = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
  }

  @Test
  void aRecordComesBackWithEveryField() {
    Actor actor = new Actor("token:fail2ban#12", "2001:db8::7", "api");
    write(
        new AuditRecord(
            T0,
            account,
            "acme-mx1",
            actor,
            "api",
            "CREATE",
            "ENTRY",
            42L,
            "block 192.0.2.1",
            null,
            "{\"value\":\"192.0.2.1\"}"));

    List<AuditEvent> found = audit.find(forAccount(), 0, 10);

    assertThat(found).hasSize(1);
    AuditEvent event = found.get(0);
    assertThat(event.id()).isPositive();
    assertThat(event)
        .isEqualTo(
            new AuditEvent(
                event.id(),
                T0,
                account,
                "acme-mx1",
                "token:fail2ban#12",
                "2001:db8::7",
                "api",
                "CREATE",
                "ENTRY",
                42L,
                "block 192.0.2.1",
                null,
                "{\"value\":\"192.0.2.1\"}",
                1,
                null));
  }

  @Test
  void newestComeFirstAndEqualTimesByTheLaterRecordAPageAtATime() {
    write(
        change(T0.plusSeconds(1), "a"),
        change(T0.plusSeconds(3), "b"),
        change(T0, "c"),
        change(T0.plusSeconds(3), "d"),
        change(T0.plusSeconds(2), "e"));

    List<String> pages = new ArrayList<>();
    for (int page = 0; page < 3; page++) {
      audit.find(forAccount(), page, 2).forEach(event -> pages.add(event.summary()));
    }

    assertThat(pages).containsExactly("d", "b", "e", "a", "c");
    assertThat(audit.find(forAccount(), 3, 2)).isEmpty();
    assertThat(audit.count(forAccount())).isEqualTo(5);
  }

  @Test
  void anAccountSeesOnlyItsOwnEventsAndAllAccountsSeeEveryone() {
    // An hour apart from the other tests' events, which all accounts see too.
    Instant at = T0.minusSeconds(3600);
    long other = account + 1;
    write(change(at, "mine"), change(at, other, "theirs", "token:x#1"));

    assertThat(summaries(forAccount())).containsExactly("mine");
    assertThat(summaries(new AuditQuery(null, null, null, null, null, at, at.plusSeconds(1))))
        .contains("mine", "theirs");
  }

  @Test
  void theActorFilterFindsPartsOfNamesInAnyCaseAndTakesWildcardsLiterally() {
    write(
        change(T0, account, "one", "token:Fail2ban#12"),
        change(T0, account, "two", "user:a_b#4"),
        change(T0, account, "three", "user:axb#5"),
        change(T0, account, "four", "user:100%#6"));

    assertThat(summaries(byActor("FAIL2BAN"))).containsExactly("one");
    assertThat(summaries(byActor("a_b"))).containsExactly("two");
    assertThat(summaries(byActor("0%"))).containsExactly("four");
    assertThat(summaries(byActor("user:"))).containsExactlyInAnyOrder("two", "three", "four");
    assertThat(audit.count(byActor("%"))).isEqualTo(1);
  }

  @Test
  void theTextFilterSearchesSummariesInAnyCase() {
    write(change(T0, "block 192.0.2.1"), change(T0, "allow .Example.com"));

    AuditQuery query = new AuditQuery(account, null, null, null, "EXAMPLE", null, null);

    assertThat(summaries(query)).containsExactly("allow .Example.com");
    assertThat(audit.count(query)).isEqualTo(1);
  }

  @Test
  void actionAndObjectTypeMatchInAnyCase() {
    write(
        record(T0, "CREATE", "ENTRY", "created entry"),
        record(T0, "DELETE", "ENTRY", "deleted entry"),
        record(T0, "CREATE", "MAIL_SERVER", "created server"));

    assertThat(summaries(new AuditQuery(account, "create", null, null, null, null, null)))
        .containsExactlyInAnyOrder("created entry", "created server");
    assertThat(summaries(new AuditQuery(account, "create", "entry", null, null, null, null)))
        .containsExactly("created entry");
    assertThat(summaries(new AuditQuery(account, null, "Mail_Server", null, null, null, null)))
        .containsExactly("created server");
  }

  @Test
  void aTimeRangeIncludesItsStartAndExcludesItsEnd() {
    write(
        change(T0.minusMillis(1), "before"),
        change(T0, "start"),
        change(T0.plusSeconds(59), "inside"),
        change(T0.plusSeconds(60), "end"));

    AuditQuery range = new AuditQuery(account, null, null, null, null, T0, T0.plusSeconds(60));

    assertThat(summaries(range)).containsExactly("inside", "start");
    assertThat(audit.count(range)).isEqualTo(2);
    assertThat(summaries(new AuditQuery(account, null, null, null, null, T0, null)))
        .containsExactly("end", "inside", "start");
    assertThat(summaries(new AuditQuery(account, null, null, null, null, null, T0)))
        .containsExactly("before");
  }

  @Test
  void countsOfActionsCoverOneObjectTypeSinceAMoment() {
    write(
        record(T0.minusSeconds(1), "CREATE", "ENTRY", "too early"),
        record(T0, "CREATE", "ENTRY", "a"),
        record(T0.plusSeconds(5), "CREATE", "ENTRY", "b"),
        record(T0.plusSeconds(6), "EXPIRE", "ENTRY", "c"),
        record(T0.plusSeconds(7), "CREATE", "ACCOUNT", "not an entry"));

    Map<String, Long> counts = audit.countActions(account, "ENTRY", T0);

    assertThat(counts).containsExactly(Map.entry("CREATE", 2L), Map.entry("EXPIRE", 1L));
  }

  @Test
  void textsLongerThanTheirColumnsAreCut() {
    write(
        new AuditRecord(
            T0,
            account,
            null,
            new Actor("user:" + "n".repeat(200), null, "manual"),
            "manual",
            "UPDATE",
            "ENTRY",
            1L,
            "s".repeat(400),
            "b".repeat(5000),
            "a".repeat(5000)));

    AuditEvent event = audit.find(forAccount(), 0, 1).get(0);

    assertThat(event.actor()).isEqualTo("user:" + "n".repeat(145));
    assertThat(event.summary()).hasSize(300);
    assertThat(event.before()).isEqualTo("b".repeat(4000));
    assertThat(event.after()).isEqualTo("a".repeat(4000));
  }

  @Test
  void aLargeBatchIsStoredWholeWithAwkwardCharacters() {
    // More rows than PostgreSQL sends in plain batches: these travel with COPY there.
    String awkward = "tab\there, new\nline, back\\slash, \\N, \"quoted\", 'single', ünïcödé, ✓";
    List<AuditRecord> records =
        IntStream.range(0, 120)
            .mapToObj(
                i ->
                    new AuditRecord(
                        T0.plusMillis(i),
                        account,
                        i % 2 == 0 ? null : "acme",
                        new Actor("import:" + i, i % 3 == 0 ? null : "192.0.2." + i, "import"),
                        "import",
                        "CREATE",
                        "ENTRY",
                        i % 5 == 0 ? null : (long) i,
                        "#" + i + " " + awkward,
                        null,
                        i % 2 == 0 ? awkward : null))
            .toList();
    new TransactionTemplate(transactions).executeWithoutResult(status -> audit.record(records));

    List<AuditEvent> found = audit.find(forAccount(), 0, 200);

    assertThat(found).hasSize(120);
    for (AuditEvent event : found) {
      int i = (int) (event.at().toEpochMilli() - T0.toEpochMilli());
      AuditRecord sent = records.get(i);
      assertThat(event.summary()).isEqualTo(sent.summary());
      assertThat(event.scopeLabel()).isEqualTo(sent.scopeLabel());
      assertThat(event.actor()).isEqualTo(sent.actor().name());
      assertThat(event.clientIp()).isEqualTo(sent.actor().clientIp());
      assertThat(event.objectId()).isEqualTo(sent.objectId());
      assertThat(event.before()).isNull();
      assertThat(event.after()).isEqualTo(sent.after());
    }
  }

  @Test
  void aRecordNeedsTheTransactionOfTheChangeItRecords() {
    assertThatThrownBy(() -> audit.record(change(T0, "alone")))
        .isInstanceOf(IllegalTransactionStateException.class);
    assertThat(audit.count(forAccount())).isZero();
  }

  @Test
  void aChangeRolledBackTakesItsRecordWithIt() {
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              audit.record(change(T0, "undone"));
              status.setRollbackOnly();
            });

    assertThat(audit.count(forAccount())).isZero();
  }

  @Test
  void aChangeOfManyObjectsIsOneEventWhoseItemsArePagedInOrder() {
    Actor actor = new Actor("user:alice#3", "192.0.2.9", "web");
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 7_500; i++) {
      boolean created = i % 3 != 0;
      records.add(
          new AuditRecord(
              T0,
              account,
              "acme",
              actor,
              "manual",
              created ? "CREATE" : "UPDATE",
              "ENTRY",
              (long) i,
              "block 10.0." + (i / 256) + "." + (i % 256) + " on acme",
              created ? null : "{\"reason\":\"old\"}",
              "{\"reason\":\"new\"}"));
    }
    new TransactionTemplate(transactions)
        .executeWithoutResult(status -> audit.recordChange(records));

    List<AuditEvent> found = audit.find(forAccount(), 0, 10);
    assertThat(found).hasSize(1);
    AuditEvent event = found.get(0);
    assertThat(event.itemCount()).isEqualTo(7_500);
    assertThat(event.bulk()).isTrue();
    assertThat(event.action()).isEqualTo("CHANGE");
    assertThat(event.objectId()).isNull();
    assertThat(event.before()).isNull();
    assertThat(event.summary())
        .isEqualTo(
            "7500 entries changed (5000 created, 2500 updated), first: block 10.0.0.0 on acme");

    List<AuditItem> first = audit.items(event.id(), -1, 100);
    assertThat(first).hasSize(100);
    assertThat(first.get(0))
        .isEqualTo(
            new AuditItem(
                event.id(),
                0,
                "UPDATE",
                0L,
                "block 10.0.0.0 on acme",
                "{\"reason\":\"old\"}",
                "{\"reason\":\"new\"}"));
    assertThat(first.get(99).itemNo()).isEqualTo(99);
    List<AuditItem> last = audit.items(event.id(), 7_449, 100);
    assertThat(last).hasSize(50);
    assertThat(last.get(49).summary()).isEqualTo("block 10.0.29.75 on acme");

    // Filters look into the items; counts of actions count each item.
    assertThat(summaries(withText("10.0.29.75"))).containsExactly(event.summary());
    assertThat(summaries(withAction("update"))).containsExactly(event.summary());
    assertThat(summaries(withAction("delete"))).isEmpty();
    assertThat(audit.countActions(account, "ENTRY", T0))
        .isEqualTo(Map.of("CREATE", 5_000L, "UPDATE", 2_500L));
    assertThat(audit.event(event.id(), account)).contains(event);
    assertThat(audit.event(event.id(), account + 1)).isEmpty();
  }

  @Test
  void aChangeOfOneObjectIsAnOrdinaryEventAndRunsOfOtherAccountsAreEventsOfTheirOwn() {
    AuditRecord one = change(T0, "just one");
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status ->
                audit.recordChange(
                    List.of(
                        one,
                        change(T0, account + 1, "theirs a", "token:test#1"),
                        change(T0, account + 1, "theirs b", "token:test#1"))));

    AuditEvent mine = audit.find(forAccount(), 0, 10).get(0);
    assertThat(mine.itemCount()).isEqualTo(1);
    assertThat(mine.summary()).isEqualTo("just one");
    assertThat(mine.objectId()).isEqualTo(1L);
    assertThat(audit.items(mine.id(), -1, 10)).isEmpty();
    List<AuditEvent> theirs =
        audit.find(new AuditQuery(account + 1, null, null, null, null, null, null), 0, 10);
    assertThat(theirs).hasSize(1);
    assertThat(theirs.get(0).itemCount()).isEqualTo(2);
    assertThat(theirs.get(0).action()).isEqualTo("UPDATE");
  }

  private AuditQuery withText(String text) {
    return new AuditQuery(account, null, null, null, text, null, null);
  }

  private AuditQuery withAction(String action) {
    return new AuditQuery(account, action, null, null, null, null, null);
  }

  private void write(AuditRecord... records) {
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              // One at a time, so ids rise in the order given.
              for (AuditRecord record : records) {
                audit.record(record);
              }
            });
  }

  private AuditQuery forAccount() {
    return new AuditQuery(account, null, null, null, null, null, null);
  }

  private AuditQuery byActor(String actor) {
    return new AuditQuery(account, null, null, actor, null, null, null);
  }

  private List<String> summaries(AuditQuery query) {
    return audit.find(query, 0, 100).stream().map(AuditEvent::summary).toList();
  }

  private AuditRecord change(Instant at, String summary) {
    return change(at, account, summary, "token:test#1");
  }

  private static AuditRecord change(Instant at, long account, String summary, String actor) {
    return new AuditRecord(
        at,
        account,
        null,
        new Actor(actor, "192.0.2.9", "api"),
        "api",
        "UPDATE",
        "ENTRY",
        1L,
        summary,
        null,
        null);
  }

  private AuditRecord record(Instant at, String action, String type, String summary) {
    return AuditRecord.of(
        at, account, new Actor("token:test#1", null, "api"), action, type, 1, summary);
  }
}
