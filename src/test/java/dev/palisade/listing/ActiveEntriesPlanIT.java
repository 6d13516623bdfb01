package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.ListKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * What H2 reads of one scope a page at a time comes from an index in page order, each page stopping
 * at its end: the scope's active entries (a node reloading a scope after a large import, an export
 * of a zone) and a feed's entries its file no longer holds (the deletions of a feed's update).
 * Ordered by id alone, H2 took the index on the scope and read and sorted every entry of the scope
 * after the page's first id, for every page: after a 3.5-million-line import through the API the
 * reload ran for many minutes while DNS answered the whole list NXDOMAIN.
 */
@SpringBootTest
@ActiveProfiles("test")
class ActiveEntriesPlanIT {

  private static final int ENTRIES = 60_000;

  @Autowired ActiveEntries active;
  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;

  @Autowired Listings listings;

  @Test
  void theEntriesAFeedsFileNoLongerHoldsAreFoundInPagesFromAnIndexInTheirOrder() {
    Actor actor = Actor.system("test");
    ScopeInfo scope =
        accounts.accountScope(accounts.createAccount("feed-sweep", null, actor).getId());
    long feedId =
        jdbc.queryForObject(
            "select id from final table (insert into feed (scope_id, list_kind, format, path,"
                + " created_by, created_at, entry_count) values (?, 'BLOCK', 'ip4set', 'f.txt',"
                + " 't', now(), ?))",
            Long.class,
            scope.id(),
            ENTRIES);
    insertEntries(scope.id(), feedId);
    jdbc.execute("analyze");
    jdbc.execute("set query_statistics true");

    // The file now holds all but its last 1,000 lines; stored in parts, as on H2 a large feed is.
    UpsertResult result =
        listings.syncFeed(
            scope.id(),
            feedId,
            actor,
            WriteProgress.NONE,
            sink -> {
              for (int x = 0; x < ENTRIES - 1_000; x++) {
                sink.accept(EntryDraft.of(ListKind.BLOCK, "10.0." + x / 256 + "." + x % 256));
              }
            },
            20_000);

    assertThat(result.deleted()).isEqualTo(1_000);
    assertThat(result.unchanged()).isEqualTo(ENTRIES - 1_000);
    List<String> sweeps =
        jdbc.queryForList(
            "select sql_statement from information_schema.query_statistics"
                + " where lower(sql_statement) like '%from entry e where e.scope_id = ? and e.feed_id = ?%order by%'",
            String.class);
    assertThat(sweeps).isNotEmpty();
    for (String sweep : sweeps) {
      String plan =
          jdbc.queryForObject("explain " + sweep, String.class, scope.id(), feedId, 0L, 1_000);
      assertThat(plan).as(sweep).doesNotContain("index sorted: ").contains("index sorted");
    }
  }

  @Test
  void theEntriesOfALargeAnalysedScopeAreReadInPagesFromAnIndexInTheirOrder() {
    Actor actor = Actor.system("test");
    long accountId = accounts.createAccount("active-pages", null, actor).getId();
    ScopeInfo account = accounts.accountScope(accountId);
    ScopeInfo server = accounts.serverScope(accounts.createServer(accountId, "mx1", actor).getId());
    insertEntries(account.id(), null);
    jdbc.execute("analyze");
    jdbc.execute("set query_statistics true");

    AtomicLong reloaded = new AtomicLong();
    active.forEachAtSerial(account.id(), Instant.now(), entry -> reloaded.incrementAndGet());
    AtomicLong exported = new AtomicLong();
    active.forEach(server.id(), account.id(), Instant.now(), entry -> exported.incrementAndGet());

    assertThat(reloaded).hasValue(ENTRIES);
    assertThat(exported).hasValue(ENTRIES);
    List<String> pages =
        jdbc.queryForList(
            "select sql_statement from information_schema.query_statistics"
                + " where lower(sql_statement) like '%from entry%and scope_id = ? and id > ?%'",
            String.class);
    assertThat(pages).isNotEmpty();
    for (String page : pages) {
      String plan =
          jdbc.queryForObject(
              "explain " + page, String.class, Timestamp.from(Instant.now()), account.id(), 0L);
      assertThat(plan).as(page).doesNotContain("index sorted: ").contains("index sorted");
    }
  }

  /**
   * {@link #ENTRIES} blocks of 10.0.0.0 on, of the feed or, when it is null, of the API, with ids
   * above every id in the database (the test context's database is shared with other tests).
   */
  private void insertEntries(long scopeId, Long feedId) {
    // Ids past every block the application's id allocator holds, and the sequence moved past them,
    // so that entries the application stores later in the same database do not collide with these.
    long firstId =
        Math.max(
            jdbc.queryForObject("select next value for entry_id_seq", Long.class) + 1,
            jdbc.queryForObject("select coalesce(max(id), 0) + 1 from entry", Long.class));
    jdbc.execute("alter sequence entry_id_seq restart with " + (firstId + ENTRIES + 100));
    jdbc.update(
        "insert into entry (id, scope_id, list_kind, value_type, entry_value, sort_key, enabled,"
            + " source, created_by, created_at, updated_by, updated_at, version, feed_id)"
            + " select ? + x, ?, 'BLOCK', 'IPV4', '10.0.' || (x / 256) || '.' || mod(x,"
            + " 256), 'k' || x, true, ?, 't', now(), 't', now(), 0, ? from system_range(0, ?) r(x)",
        firstId,
        scopeId,
        feedId == null ? "API" : "FEED",
        feedId,
        ENTRIES - 1);
  }
}
