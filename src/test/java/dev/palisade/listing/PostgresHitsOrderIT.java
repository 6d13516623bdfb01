package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.support.PostgresDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A page of a large scope sorted by hits reads a page's worth of hit counters, not one per entry of
 * the scope. PostgreSQL counts what each statement of a transaction read ({@code
 * pg_stat_xact_user_tables}), so the test reads the work done rather than the time taken: when the
 * order was a count computed for every entry, a page of 20,000 entries probed {@code entry_hit}
 * 20,000 times.
 */
@SpringBootTest
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresHitsOrderIT {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }

  private static final int ENTRIES = 20_000;
  private static final long FIRST_ID = 7_000_000_000L;

  @Autowired Accounts accounts;
  @Autowired EntryTable table;
  @Autowired JdbcTemplate jdbc;
  @Autowired TransactionTemplate transactions;

  private long scope;

  @BeforeAll
  void aLargeScopeWithOneEntryInSevenHit() {
    long accountId = accounts.createAccount("hitsorder", null, Actor.system("test")).getId();
    scope = accounts.accountScope(accountId).id();
    Timestamp now = Timestamp.from(Instant.now());
    List<Object[]> entries = new ArrayList<>();
    List<Object[]> hits = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      entries.add(
          new Object[] {
            FIRST_ID + i,
            scope,
            "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff),
            now,
            now,
            String.format("4%08x20", (10 << 24) | i)
          });
      if (i % 7 == 0) {
        hits.add(new Object[] {FIRST_ID + i, 1 + i % 50, now});
      }
    }
    jdbc.batchUpdate(
        "insert into entry (id, scope_id, list_kind, value_type, entry_value, enabled, source,"
            + " created_by, created_at, updated_by, updated_at, version, sort_key)"
            + " values (?, ?, 'BLOCK', 'IPV4', ?, true, 'API', 'system:test', ?, 'system:test', ?,"
            + " 0, ?)",
        entries);
    jdbc.batchUpdate("insert into entry_hit (entry_id, hits, last_hit_at) values (?, ?, ?)", hits);
    jdbc.execute("vacuum analyze entry");
    jdbc.execute("vacuum analyze entry_hit");
  }

  @Test
  void aPageByHitsReadsAPageOfHitCounters() {
    for (EntrySort sort : List.of(EntrySort.HITS, EntrySort.MOST_HITS)) {
      EntryRows first = read(sort, null, "first page by " + sort);
      assertThat(first.rows()).hasSize(50);
      EntryRows next = read(sort, first.lastId(), "next page by " + sort);
      assertThat(next.rows()).hasSize(50).doesNotContainAnyElementsOf(first.rows());
    }
    // The orders themselves: never-hit entries first by id, or the most hit first.
    EntryRows fewest = table.page(scope, EntryFilter.none(), EntrySort.HITS, 0, 50);
    assertThat(fewest.rows().get(0).getId()).isEqualTo(FIRST_ID + 1);
    EntryRows most = table.page(scope, EntryFilter.none(), EntrySort.MOST_HITS, 0, 50);
    assertThat(most.rows().get(0).getHits()).isEqualTo(50);
  }

  /** One page, asserting in its transaction how many times the hit counters were read. */
  private EntryRows read(EntrySort sort, Long after, String what) {
    return transactions.execute(
        status -> {
          long before = hitReads();
          EntryRows rows = table.page(scope, EntryFilter.none(), sort, 0, 50, after, null);
          assertThat(hitReads() - before).as("entry_hit reads for the " + what).isLessThan(1_000);
          return rows;
        });
  }

  /** Index scans and rows read sequentially from entry_hit so far in this transaction. */
  private long hitReads() {
    return jdbc.queryForObject(
        "select coalesce(idx_scan, 0) + coalesce(seq_tup_read, 0) from pg_stat_xact_user_tables"
            + " where relname = 'entry_hit' and schemaname = current_schema()",
        Long.class);
  }
}
