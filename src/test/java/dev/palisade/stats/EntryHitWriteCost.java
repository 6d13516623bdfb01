package dev.palisade.stats;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Measures, without asserting, what writing hit counters costs per row on a database of a million
 * entries: the CPU of every thread of this JVM (on H2 that includes its store's background writer
 * and serialization threads) and, on PostgreSQL, of the server's backends, less the same length of
 * idle time, per row written. Several ways of writing take turns round by round, so the machine's
 * other load hits them alike:
 *
 * <ul>
 *   <li>{@code key}: each row names its entry by the unique key (scope, value, list kind), the
 *       statements {@link EntryHitStore} used before it wrote by entry id;
 *   <li>{@code keyupdate}: the same lookup in an {@code update ... where entry_id = (select ...)}
 *       batch, then an insert of the rows it did not find;
 *   <li>{@code id}: each row names its entry by id; {@code update ... where entry_id = ?} in one
 *       batch, then an insert of the first hits, the rows the update did not find;
 *   <li>{@code store}: {@link EntryHitStore#add} as it is, the entries' ids not known yet (looked
 *       up by key, then written by id); {@code storeid}: the same with the ids known, as for an
 *       entry written before.
 * </ul>
 *
 * <p>Runs only when asked, on a fresh database (it is emptied first):
 *
 * <pre>
 * ./mvnw -B -o -q test -Dtest=EntryHitWriteCost -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dpalisade.cost.db='jdbc:h2:file:/tmp/hits-bench/h2/cost' [-Dpalisade.cost.rounds=6]
 * </pre>
 */
@SpringBootTest(
    properties = {"palisade.stats.flush-interval=1h", "palisade.dns.port=6310", "server.port=6311"})
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "palisade.cost.db", matches = ".+")
class EntryHitWriteCost {

  private static final int ENTRIES = Integer.getInteger("palisade.cost.entries", 1_000_000);

  /** One write round at the default rate: 250 rows a second for 10 s. */
  private static final int ROWS = Integer.getInteger("palisade.cost.rows", 2_500);

  private static final int ROUNDS = Integer.getInteger("palisade.cost.rounds", 6);

  /** Every how many entries one has a counter before the first round. */
  private static final int PREFILL_EVERY = Integer.getInteger("palisade.cost.prefill-every", 5);

  /** How long each round waits after its writes, for the store's own threads to write them out. */
  private static final long SETTLE_MS = 3_000;

  private static final long FIRST_ID = 100_000_000L;

  private static final String KEY_H2 =
      "merge into entry_hit h using (select id, cast(? as bigint) hits,"
          + " cast(? as timestamp with time zone) last_hit_at from entry"
          + " where scope_id = ? and entry_value = ? and list_kind = ?) n on h.entry_id = n.id"
          + " when matched then update set hits = h.hits + n.hits,"
          + " last_hit_at = greatest(h.last_hit_at, n.last_hit_at)"
          + " when not matched then insert (entry_id, hits, last_hit_at)"
          + " values (n.id, n.hits, n.last_hit_at)";

  private static final String KEY_POSTGRES =
      "insert into entry_hit (entry_id, hits, last_hit_at)"
          + " select e.id, u.hits, u.last_hit_at from unnest(?::bigint[], ?::varchar[],"
          + " ?::varchar[], ?::bigint[], ?::text[]::timestamptz[])"
          + " as u(scope_id, list_kind, entry_value, hits, last_hit_at)"
          + " join lateral (select id from entry where scope_id = u.scope_id"
          + " and list_kind = u.list_kind and entry_value = u.entry_value) e on true"
          + " on conflict (entry_id) do update set hits = entry_hit.hits + excluded.hits,"
          + " last_hit_at = greatest(entry_hit.last_hit_at, excluded.last_hit_at)";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = System.getProperty("palisade.cost.db");
    registry.add("spring.datasource.url", () -> url);
    if (url.startsWith("jdbc:postgresql")) {
      registry.add("spring.datasource.username", () -> "postgres");
      registry.add("spring.datasource.password", () -> "");
    }
  }

  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;
  @Autowired EntryHitStore store;

  private boolean postgres;
  private long scopeId;

  @Test
  void printsTheCpuPerRowWritten() throws Exception {
    postgres =
        jdbc.execute(
            (ConnectionCallback<Boolean>)
                c -> c.getMetaData().getDatabaseProductName().equals("PostgreSQL"));
    ScopeInfo scope =
        accounts.accountScope(
            accounts
                .createAccount("cost" + System.nanoTime() % 100000, null, Actor.system("cost"))
                .getId());
    scopeId = scope.id();
    load();
    List<String> variants =
        List.of(System.getProperty("palisade.cost.variants", "key keyupdate id").split(" "));
    long[][] cpu = new long[variants.size()][ROUNDS];
    Random random = new Random(1);
    long idle = idleCpu();
    System.out.printf("idle: %.1f ms of CPU in %d ms%n", idle / 1e6, SETTLE_MS);
    for (int round = 0; round < ROUNDS; round++) {
      for (int turn = 0; turn < variants.size(); turn++) {
        int v = round % 2 == 0 ? turn : variants.size() - 1 - turn;
        long[] picks = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
          picks[i] = 1 + random.nextInt(ENTRIES);
        }
        // Each entry at most once, as EntryHits hands them over (a repeated pick is a second
        // first hit of the same entry in one batch: a key violation, and the chunk retried).
        picks = Arrays.stream(picks).sorted().distinct().toArray();
        long before = allCpu();
        write(variants.get(v), picks);
        Thread.sleep(SETTLE_MS);
        cpu[v][round] = allCpu() - before - idle;
      }
    }
    Long stored = jdbc.queryForObject("select count(*) from entry_hit", Long.class);
    for (int v = 0; v < variants.size(); v++) {
      long[] sorted = cpu[v].clone();
      Arrays.sort(sorted);
      System.out.printf(
          "%s %s: CPU per row written, median of %d rounds of %d rows: %.1f µs"
              + " (rounds: %s µs); entry_hit now %d rows%n",
          postgres ? "PostgreSQL" : "H2",
          variants.get(v),
          ROUNDS,
          ROWS,
          sorted[ROUNDS / 2] / 1e3 / ROWS,
          Arrays.stream(cpu[v]).mapToObj(c -> String.format("%.0f", c / 1e3 / ROWS)).toList(),
          stored);
    }
  }

  /** A million IPv4 entries in one scope, by SQL: ids from {@link #FIRST_ID}, values 10.x.y.z. */
  private void load() {
    long started = System.nanoTime();
    String value = "'10.' || mod(x / 65536, 256) || '.' || mod(x / 256, 256) || '.' || mod(x, 256)";
    for (int from = 1; from <= ENTRIES; from += 100_000) {
      int to = Math.min(ENTRIES, from + 99_999);
      String rows =
          postgres
              ? "generate_series(" + from + ", " + to + ") as g(x)"
              : "system_range(" + from + ", " + to + ") as g(x)";
      jdbc.update(
          "insert into entry (id, scope_id, list_kind, value_type, entry_value, sort_key, enabled,"
              + " source, created_by, created_at, updated_by, updated_at, version)"
              + " select "
              + FIRST_ID
              + " + x, ?, 'BLOCK', 'IPV4', "
              + value
              + ", "
              + value
              + ", true, 'API', 'cost', current_timestamp, 'cost', current_timestamp, 0 from "
              + rows,
          scopeId);
    }
    if (postgres) {
      jdbc.execute("analyze entry");
    }
    // Counters of every fifth entry, as after a while of traffic: the pages a round dirties.
    jdbc.update(
        "insert into entry_hit (entry_id, hits, last_hit_at) select id, 1 + mod(id, 50),"
            + " current_timestamp from entry where scope_id = ? and mod(id, ?) = 0",
        scopeId,
        PREFILL_EVERY);
    if (postgres) {
      jdbc.execute("analyze entry_hit");
    }
    System.out.printf(
        "%d entries and a counter for every %dth loaded in %d s%n",
        ENTRIES, PREFILL_EVERY, (System.nanoTime() - started) / 1_000_000_000L);
  }

  private static String value(long x) {
    return "10." + (x / 65536 % 256) + "." + (x / 256 % 256) + "." + (x % 256);
  }

  private void write(String variant, long[] picks) {
    Instant now = Instant.now();
    switch (variant) {
      case "store", "storeid" -> {
        List<EntryHitStore.Hits> rows = new ArrayList<>();
        for (long x : picks) {
          long id = variant.equals("storeid") ? FIRST_ID + x : 0;
          rows.add(new EntryHitStore.Hits(scopeId, "BLOCK", value(x), id, 1, now));
        }
        store.add(rows);
      }
      case "key", "keyupdate", "id" -> {
        for (int from = 0; from < picks.length; from += EntryHitStore.CHUNK) {
          long[] chunk =
              Arrays.copyOfRange(picks, from, Math.min(picks.length, from + EntryHitStore.CHUNK));
          new TransactionTemplate(transactions)
              .executeWithoutResult(
                  status ->
                      jdbc.execute(
                          (ConnectionCallback<Object>)
                              c -> {
                                switch (variant) {
                                  case "key" -> byKey(c, chunk, now);
                                  case "keyupdate" -> updateByKey(c, chunk, now);
                                  default -> byId(c, chunk, now);
                                }
                                return null;
                              }));
        }
      }
      default -> throw new IllegalArgumentException(variant);
    }
  }

  private void byKey(Connection c, long[] picks, Instant now) throws SQLException {
    if (postgres) {
      int n = picks.length;
      Long[] scopes = new Long[n];
      String[] kinds = new String[n];
      String[] values = new String[n];
      Long[] hits = new Long[n];
      String[] lasts = new String[n];
      for (int i = 0; i < n; i++) {
        scopes[i] = scopeId;
        kinds[i] = "BLOCK";
        values[i] = value(picks[i]);
        hits[i] = 1L;
        lasts[i] = now.toString();
      }
      try (PreparedStatement s = c.prepareStatement(KEY_POSTGRES)) {
        Array[] arrays = {
          c.createArrayOf("bigint", scopes),
          c.createArrayOf("varchar", kinds),
          c.createArrayOf("varchar", values),
          c.createArrayOf("bigint", hits),
          c.createArrayOf("text", lasts)
        };
        for (int i = 0; i < arrays.length; i++) {
          s.setArray(i + 1, arrays[i]);
        }
        s.executeUpdate();
      }
      return;
    }
    try (PreparedStatement s = c.prepareStatement(KEY_H2)) {
      for (long x : picks) {
        s.setLong(1, 1);
        s.setTimestamp(2, Timestamp.from(now));
        s.setLong(3, scopeId);
        s.setString(4, value(x));
        s.setString(5, "BLOCK");
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** An update that finds the entry by its key in a subquery, then inserts what it missed. */
  private void updateByKey(Connection c, long[] picks, Instant now) throws SQLException {
    int[] updated;
    try (PreparedStatement s =
        c.prepareStatement(
            "update entry_hit set hits = hits + ?, last_hit_at = greatest(last_hit_at, ?)"
                + " where entry_id = (select id from entry where scope_id = ? and entry_value = ?"
                + " and list_kind = ?)")) {
      for (long x : picks) {
        s.setLong(1, 1);
        s.setTimestamp(2, Timestamp.from(now));
        s.setLong(3, scopeId);
        s.setString(4, value(x));
        s.setString(5, "BLOCK");
        s.addBatch();
      }
      updated = s.executeBatch();
    }
    insertMissing(c, picks, updated, now);
  }

  private void byId(Connection c, long[] picks, Instant now) throws SQLException {
    int[] updated;
    try (PreparedStatement s =
        c.prepareStatement(
            "update entry_hit set hits = hits + ?, last_hit_at = greatest(last_hit_at, ?)"
                + " where entry_id = ?")) {
      for (long x : picks) {
        s.setLong(1, 1);
        s.setTimestamp(2, Timestamp.from(now));
        s.setLong(3, FIRST_ID + x);
        s.addBatch();
      }
      updated = s.executeBatch();
    }
    insertMissing(c, picks, updated, now);
  }

  private void insertMissing(Connection c, long[] picks, int[] updated, Instant now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into entry_hit (entry_id, hits, last_hit_at) values (?, ?, ?)")) {
      for (int i = 0; i < picks.length; i++) {
        if (updated[i] == 0) {
          s.setLong(1, FIRST_ID + picks[i]);
          s.setLong(2, 1);
          s.setTimestamp(3, Timestamp.from(now));
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  /** What an idle period of {@link #SETTLE_MS} costs: the median of three. */
  private long idleCpu() throws Exception {
    long[] idle = new long[3];
    for (int i = 0; i < idle.length; i++) {
      long before = allCpu();
      Thread.sleep(SETTLE_MS);
      idle[i] = allCpu() - before;
    }
    Arrays.sort(idle);
    return idle[1];
  }

  /** CPU nanoseconds of every thread of this JVM and, on PostgreSQL, of every backend. */
  private long allCpu() throws IOException {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu > 0) {
        sum += cpu;
      }
    }
    if (postgres) {
      sum += backendsCpu() * 1_000_000L;
    }
    return sum;
  }

  /** User and system CPU of this database's backends, in milliseconds (from {@code /proc}). */
  private long backendsCpu() throws IOException {
    long ticks = 0;
    for (Integer pid :
        jdbc.queryForList(
            "select pid from pg_stat_activity where datname = current_database()", Integer.class)) {
      Path path = Path.of("/proc/" + pid + "/stat");
      if (Files.exists(path)) {
        String stat = Files.readString(path);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      }
    }
    return ticks * 10; // USER_HZ = 100
  }
}
