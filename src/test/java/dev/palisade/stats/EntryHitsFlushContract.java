package dev.palisade.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What the flush of entry hits must do on every database: listed answers fed to the counters as the
 * DNS server feeds them, collected and flushed by hand (the scheduled flush is held off), land on
 * the winning entry's {@code entry_hit} row. {@link EntryHitsFlushIT} runs it on H2, {@link
 * PostgresEntryHitsFlushIT} on PostgreSQL, where many rows take the {@code COPY} path.
 */
@SpringBootTest(
    properties = {
      "palisade.stats.flush-interval=1h",
      "palisade.stats.hit-writes-per-second=1",
      "palisade.stats.hit-write-interval=200s"
    })
@ActiveProfiles("test")
abstract class EntryHitsFlushContract {

  private static final Actor ACTOR = new Actor("hit-tester", "192.0.2.98", "api");
  private static final String BASE = ".rbl.palisade.test.";
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired ZoneCounters counters;
  @Autowired EntryHits entryHits;
  @Autowired QueryStats queryStats;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired LiveIndex index;
  @Autowired EntryHitStore store;

  private ScopeInfo account;
  private ScopeInfo server;

  @BeforeEach
  void createScopes() {
    long id = accounts.createAccount("flush" + ACCOUNTS.incrementAndGet(), null, ACTOR).getId();
    account = accounts.accountScope(id);
    server = accounts.serverScope(accounts.createServer(id, "mx", ACTOR).getId());
    entryHits.flush(); // nothing left from another test
  }

  @Test
  void hitsCollectedSeveralTimesAddUpOnTheWinningEntryWithTheLatestTime() throws Exception {
    add(account, ListKind.BLOCK, "198.51.100.0/24", "198.51.100.7", ".spam.example");
    add(server, ListKind.ALLOW, "198.51.100.9", "2001:db8::/48");

    hit(server, "bl", "7.100.51.198");
    entryHits.collect();
    hit(server, "bl", "7.100.51.198");
    hit(server, "bl", "8.100.51.198"); // the /24
    entryHits.collect();
    hit(server, "wl", "9.100.51.198");
    hit(account, "dbl", "X.Spam.Example");
    hit(account, "dbl", "x.spam.example");
    hit(account, "dbl", "spam.example");
    String ip6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";
    hit(server, "wl", ip6);
    entryHits.collect();
    Thread.sleep(5);
    Instant beforeLast = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    hit(server, "bl", "7.100.51.198");
    hit(server, "bl", "2.0.0.127"); // a test point: no entry
    entryHits.flush();

    assertThat(hits(account, "198.51.100.7")).isEqualTo(3);
    assertThat(hits(account, "198.51.100.0/24")).isEqualTo(1);
    assertThat(hits(server, "198.51.100.9")).isEqualTo(1);
    assertThat(hits(account, ".spam.example")).isEqualTo(3);
    assertThat(hits(server, "2001:db8::/48")).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from entry_hit", Long.class))
        .isGreaterThanOrEqualTo(5);
    assertThat(lastHit(account, "198.51.100.7")).isBetween(beforeLast, Instant.now());
    assertThat(lastHit(account, "198.51.100.0/24")).isBefore(beforeLast);

    // A second flush adds to the rows the first one inserted.
    hit(server, "bl", "7.100.51.198");
    hit(server, "bl", "6.100.51.198");
    entryHits.flush();
    assertThat(hits(account, "198.51.100.7")).isEqualTo(4);
    assertThat(hits(account, "198.51.100.0/24")).isEqualTo(2);
  }

  @Test
  void firstHitsOfManyEntriesAreInsertedTogether() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      values.add("10.77." + (i / 200) + "." + (i % 200));
    }
    add(account, ListKind.BLOCK, values.toArray(String[]::new));
    for (int i = 0; i < 600; i++) {
      for (int n = 0; n <= i % 3; n++) {
        hit(server, "bl", (i % 200) + "." + (i / 200) + ".77.10");
      }
    }
    entryHits.flush();

    Map<String, Long> stored =
        jdbc.query(
            "select e.entry_value, h.hits from entry_hit h join entry e on e.id = h.entry_id"
                + " where e.scope_id = ?",
            rows -> {
              Map<String, Long> out = new java.util.HashMap<>();
              while (rows.next()) {
                out.put(rows.getString(1), rows.getLong(2));
              }
              return out;
            },
            account.id());
    assertThat(stored).hasSize(600);
    for (int i = 0; i < 600; i++) {
      assertThat(stored.get(values.get(i))).as(values.get(i)).isEqualTo(1 + i % 3);
    }
  }

  @Test
  void aWriteRoundWritesTheRateTimesTheIntervalAndAFlushTheRest() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      values.add("10.78." + (i / 200) + "." + (i % 200));
    }
    add(account, ListKind.BLOCK, values.toArray(String[]::new));
    for (int i = 0; i < 600; i++) {
      hit(account, "bl", (i % 200) + "." + (i / 200) + ".78.10");
    }

    entryHits.attribute();
    assertThat(storedRows(account)).isZero();
    assertThat(entryHits.waiting()).isEqualTo(600);
    // 1 a second over a write interval of 200 s (this test's settings; the scheduler's first
    // round is 200 s away): one round writes 200, in one go rather than one a second.
    entryHits.writeSome();
    assertThat(entryHits.waiting()).isEqualTo(400);
    assertThat(storedRows(account)).isEqualTo(200);
    entryHits.flush(); // what still waits, at once, as on shutdown
    assertThat(entryHits.waiting()).isZero();
    assertThat(storedRows(account)).isEqualTo(600);
    assertThat(hits(account, "10.78.2.199")).isEqualTo(1);
  }

  @Test
  void everyListedAnswerCountsOnceWhateverTheCollectsAndWriteRoundsInBetween() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      values.add(i < 400 ? "10.79." + (i / 200) + "." + (i % 200) : "host" + i + ".hits.example");
    }
    add(account, ListKind.BLOCK, values.toArray(String[]::new));
    Map<String, Long> expected = new java.util.HashMap<>();
    // Entry i gets i % 7 + 1 hits in all, in rounds: each round hits some entries, collects,
    // attributes and writes 200 of the waiting tallies (this test's budget), so tallies wait
    // across rounds and are added to before they are written.
    for (int round = 0; round < 7; round++) {
      for (int i = 0; i < values.size(); i++) {
        if (i % 7 >= round) {
          if (i < 400) {
            hit(server, "bl", (i % 200) + "." + (i / 200) + ".79.10");
          } else {
            hit(server, "dbl", values.get(i));
          }
          expected.merge(values.get(i), 1L, Long::sum);
        }
      }
      entryHits.collect();
      entryHits.attribute();
      entryHits.writeSome();
    }
    entryHits.flush();

    for (String value : values) {
      assertThat(hits(account, value)).as(value).isEqualTo(expected.get(value));
    }
  }

  @Test
  void entriesWrittenBeforeAreWrittenByIdAndOnlyChangedCountersAreWritten() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      values.add("10.80." + (i / 200) + "." + (i % 200));
    }
    add(account, ListKind.BLOCK, values.toArray(String[]::new));
    StatementCount sql = new StatementCount(dataSource);
    DataSource counted = sql.dataSource();
    ZoneCounters own = new ZoneCounters("rbl.palisade.test");
    own.scopes(List.of(account.label(), server.label()));
    EntryHits hits =
        new EntryHits(
            own,
            index,
            accounts,
            new EntryHitStore(new JdbcTemplate(counted), new DataSourceTransactionManager(counted)),
            1,
            Duration.ofSeconds(200));

    for (int i = 0; i < 300; i++) {
      hit(own, server, "bl", (i % 200) + "." + (i / 200) + ".80.10");
    }
    hits.flush();
    assertThat(sql.rows("entry_value")).as("entries looked up by their key").isEqualTo(300);

    sql.reset();
    for (int i = 0; i < 300; i++) {
      hit(own, server, "bl", (i % 200) + "." + (i / 200) + ".80.10");
    }
    hits.flush();
    assertThat(sql.rows("entry_value")).as("entries looked up again").isZero();
    assertThat(sql.rows("entry_hit")).as("counters written").isEqualTo(300);

    sql.reset();
    for (int i = 0; i < 10; i++) {
      hit(own, server, "bl", i + ".0.80.10");
    }
    hits.flush();
    assertThat(sql.rows("entry_value")).isZero();
    assertThat(sql.rows("entry_hit")).as("only the changed counters").isEqualTo(10);

    assertThat(hits(account, "10.80.0.9")).isEqualTo(3);
    assertThat(hits(account, "10.80.0.10")).isEqualTo(2);
    assertThat(hits(account, "10.80.1.99")).isEqualTo(2);
  }

  @Test
  void everyHitCountsWhenMoreDistinctNamesArriveBetweenTwoFlushesThanATableHolds() {
    // 327,680 distinct addresses, more than one table of names holds: five /16 networks, every
    // address hit once and those ending in .7 twice more; collected as often as the collector
    // would (the rings are not what is tested here) and flushed once, as in one minute.
    List<String> networks = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      networks.add("10." + (90 + n) + ".0.0/16");
    }
    add(account, ListKind.BLOCK, networks.toArray(String[]::new));
    ZoneCounters own = new ZoneCounters("rbl.palisade.test");
    own.scopes(List.of(account.label(), server.label()));
    EntryHits hits = new EntryHits(own, index, accounts, store, 1, Duration.ofSeconds(200));
    int answers = 0;
    for (int n = 0; n < 5; n++) {
      for (int a = 0; a < 65_536; a++) {
        String subject = (a & 255) + "." + (a >>> 8) + "." + (90 + n) + ".10";
        for (int again = 0; again < ((a & 255) == 7 ? 3 : 1); again++) {
          hit(own, server, "bl", subject);
          if (++answers % 8_192 == 0) {
            hits.collect();
          }
        }
      }
    }
    hits.flush();

    for (String network : networks) {
      assertThat(hits(account, network)).as(network).isEqualTo(65_536 + 2 * 256);
    }
  }

  @Test
  void everyHitCountsWhenTheCollectorIsHeldOffForHalfASecondAtTheBenchmarkRate() {
    // The benchmark's 81,000 listed answers a second, for half a second in which the collector
    // (below the answering threads) does not run: all of them wait in the ring.
    add(account, ListKind.BLOCK, "10.89.0.0/16", ".held-off.example");
    ZoneCounters own = new ZoneCounters("rbl.palisade.test");
    own.scopes(List.of(account.label(), server.label()));
    EntryHits hits = new EntryHits(own, index, accounts, store, 1, Duration.ofSeconds(200));
    for (int i = 0; i < 40_000; i++) {
      hit(own, server, "bl", (i & 255) + "." + (i >>> 8 & 255) + ".89.10");
    }
    // more than 64 bytes in front of the zone: the ring of long names
    String longName = "a-name-longer-than-sixty-four-bytes-in-front-of-the-zone.held-off.example";
    for (int i = 0; i < 500; i++) {
      hit(own, server, "dbl", longName);
    }
    hits.flush();

    assertThat(hits(account, "10.89.0.0/16")).isEqualTo(40_000);
    assertThat(hits(account, ".held-off.example")).isEqualTo(500);
  }

  @Test
  void aFullTableIsAttributedWhileTheNextFillsAndAsManyEntriesWaitAsTheIndexHolds() {
    // Tables of 100 names and at least 50 waiting tallies: 300 entries hit, collected every 50
    // answers and the full tables attributed as the scheduler does, every hit counts; all 300
    // tallies wait (the index holds more than 50 entries) until the flush writes them.
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      values.add("10.88." + (i / 200) + "." + (i % 200));
    }
    add(account, ListKind.BLOCK, values.toArray(String[]::new));
    ZoneCounters own = new ZoneCounters("rbl.palisade.test");
    own.scopes(List.of(account.label(), server.label()));
    EntryHits hits =
        new EntryHits(own, index, accounts, store, 1, Duration.ofSeconds(200), 100, 50);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 300; i++) {
        hit(own, server, "bl", (i % 200) + "." + (i / 200) + ".88.10");
        if (i % 50 == 49) {
          hits.collect();
          hits.attributeFull();
        }
      }
    }
    hits.attribute();
    assertThat(hits.waiting()).isEqualTo(300);
    hits.flush();

    for (String value : values) {
      assertThat(hits(account, value)).as(value).isEqualTo(2);
    }
  }

  @Test
  void aStopWritesWaitingHitsForAtMostItsLimitAndDropsTheRest() {
    add(account, ListKind.BLOCK, "10.82.0.1", "10.82.0.2", "10.82.0.3");
    ZoneCounters own = new ZoneCounters("rbl.palisade.test");
    own.scopes(List.of(account.label(), server.label()));
    EntryHits noTime =
        new EntryHits(own, index, accounts, store, 1, Duration.ofSeconds(200), Duration.ZERO);
    hit(own, server, "bl", "1.0.82.10");
    hit(own, server, "bl", "2.0.82.10");

    noTime.flushOnShutdown();

    assertThat(hits(account, "10.82.0.1")).as("written by a stop allowed no time").isZero();
    assertThat(noTime.waiting()).as("tallies kept after the stop").isZero();

    EntryHits enoughTime =
        new EntryHits(own, index, accounts, store, 1, Duration.ofSeconds(200), Duration.ofHours(1));
    hit(own, server, "bl", "1.0.82.10");
    hit(own, server, "bl", "3.0.82.10");
    hit(own, server, "bl", "3.0.82.10");

    enoughTime.flushOnShutdown();

    assertThat(hits(account, "10.82.0.1")).isEqualTo(1);
    assertThat(hits(account, "10.82.0.2")).as("dropped by the first stop").isZero();
    assertThat(hits(account, "10.82.0.3")).isEqualTo(2);
  }

  private long storedRows(ScopeInfo scope) {
    return jdbc.queryForObject(
        "select count(*) from entry_hit h join entry e on e.id = h.entry_id where e.scope_id = ?",
        Long.class,
        scope.id());
  }

  @Test
  void anEntryDeletedBetweenCollectAndFlushFailsNothing() {
    add(account, ListKind.BLOCK, "203.0.113.1", "203.0.113.2");
    hit(account, "bl", "1.113.0.203");
    hit(account, "bl", "2.113.0.203");
    entryHits.collect();
    // Gone from the database while the index still answers for it, as when a delete commits
    // after the index was read.
    jdbc.update(
        "delete from entry where scope_id = ? and entry_value = ?", account.id(), "203.0.113.1");

    entryHits.flush();

    assertThat(hits(account, "203.0.113.2")).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from entry_hit h join entry e on e.id = h.entry_id"
                    + " where e.scope_id = ?",
                Long.class,
                account.id()))
        .isEqualTo(1);
  }

  @Test
  void addsToARowAnotherNodeWroteAndKeepsTheLaterTime() {
    add(account, ListKind.BLOCK, "192.0.2.10", "192.0.2.11");
    Instant future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    Instant past = Instant.parse("2020-01-01T00:00:00Z");
    jdbc.update(
        "insert into entry_hit (entry_id, hits, last_hit_at) values (?, 10, ?)",
        id(account, "192.0.2.10"),
        Timestamp.from(past));
    jdbc.update(
        "insert into entry_hit (entry_id, hits, last_hit_at) values (?, 20, ?)",
        id(account, "192.0.2.11"),
        Timestamp.from(future));
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    hit(account, "bl", "10.2.0.192");
    hit(account, "bl", "11.2.0.192");

    entryHits.flush();

    assertThat(hits(account, "192.0.2.10")).isEqualTo(11);
    assertThat(lastHit(account, "192.0.2.10")).isAfterOrEqualTo(before);
    assertThat(hits(account, "192.0.2.11")).isEqualTo(21);
    assertThat(lastHit(account, "192.0.2.11")).isEqualTo(future);
  }

  @Test
  void aRowAnotherNodeInsertsWhileTheFlushRunsIsAddedTo() throws Exception {
    add(account, ListKind.BLOCK, "192.0.2.20", "192.0.2.21");
    hit(account, "bl", "20.2.0.192");
    hit(account, "bl", "20.2.0.192");
    hit(account, "bl", "21.2.0.192");
    ExecutorService flusher = Executors.newSingleThreadExecutor();
    try (Connection otherNode = dataSource.getConnection()) {
      otherNode.setAutoCommit(false);
      try (PreparedStatement insert =
          otherNode.prepareStatement(
              "insert into entry_hit (entry_id, hits, last_hit_at) values (?, 5, ?)")) {
        insert.setLong(1, id(account, "192.0.2.20"));
        insert.setTimestamp(2, Timestamp.from(Instant.now()));
        insert.executeUpdate();
      }
      // The flush meets the uncommitted row: it waits for it, collides, and writes again.
      Future<?> flush = flusher.submit(entryHits::flush);
      Thread.sleep(300);
      otherNode.commit();
      flush.get(60, TimeUnit.SECONDS);
    } finally {
      flusher.shutdownNow();
    }

    assertThat(hits(account, "192.0.2.20")).isEqualTo(7);
    assertThat(hits(account, "192.0.2.21")).isEqualTo(1);
  }

  private void add(ScopeInfo scope, ListKind kind, String... values) {
    List<EntryDraft> drafts = new ArrayList<>();
    for (String value : values) {
      drafts.add(EntryDraft.of(kind, value));
    }
    listings.upsert(scope.id(), drafts, EntrySource.API, ACTOR);
  }

  /** Feeds a listed answer for {@code subject} in a zone to the counters, as the server does. */
  private void hit(ScopeInfo scope, String list, String subject) {
    hit(counters, scope, list, subject);
  }

  private static void hit(ZoneCounters counters, ScopeInfo scope, String list, String subject) {
    try {
      byte[] query =
          Message.newQuery(
                  Record.newRecord(
                      Name.fromString(subject + "." + scope.label() + "." + list + BASE),
                      Type.A,
                      DClass.IN))
              .toWire();
      byte[] answer = new byte[12];
      answer[7] = 1; // NOERROR with one answer record
      counters.observe(query, query.length, answer, answer.length, false);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private long id(ScopeInfo scope, String value) {
    return jdbc.queryForObject(
        "select id from entry where scope_id = ? and entry_value = ?",
        Long.class,
        scope.id(),
        value);
  }

  private long hits(ScopeInfo scope, String value) {
    long id = id(scope, value);
    QueryStats.EntryHit hit = queryStats.hits(List.of(id)).get(id);
    return hit == null ? 0 : hit.hits();
  }

  private Instant lastHit(ScopeInfo scope, String value) {
    long id = id(scope, value);
    return queryStats.hits(List.of(id)).get(id).lastHit();
  }
}
