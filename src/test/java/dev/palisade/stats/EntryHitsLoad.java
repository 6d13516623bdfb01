package dev.palisade.stats;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.index.LiveIndex;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Measures, without asserting, what entry hit attribution costs under a benchmark-like load: the
 * listed answers of a benchmark query mix ({@code queries.tsv}: name, type, answer) go through
 * {@link ZoneCounters#observe} as the DNS server would call it, {@link EntryHits#collect()} runs as
 * often as the ring needs, and {@link EntryHits#flush()} writes to a copy of the benchmark
 * database. Prints the thread CPU of collect and flush and the CPU of the database backend during
 * the flush (read from {@code /proc}, so the database must run on this machine).
 *
 * <p>Runs only when asked: {@code ./mvnw -o verify -Dtest=EntryHitsLoad
 * -Dpalisade.load.db=jdbc:postgresql://127.0.0.1:5432/<copy> -Dpalisade.load.queries=<tsv>}.
 */
@SpringBootTest(
    properties = {
      "palisade.dns.base-zone=rbl.bench.test",
      "palisade.dns.port=5410",
      "server.port=8410",
      "palisade.stats.flush-interval=1h"
    })
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "palisade.load.db", matches = ".+")
class EntryHitsLoad {

  private static final int HITS = 2_400_000;

  /** Hits between two flushes: about a minute of listed answers at 60k queries a second. */
  private static final int HITS_PER_FLUSH = 1_800_000;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> System.getProperty("palisade.load.db"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  @Autowired LiveIndex index;
  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;
  @Autowired EntryHitStore store;

  @Test
  void printsTheCpuOfCollectAndFlush() throws IOException {
    ZoneCounters counters = new ZoneCounters("rbl.bench.test");
    counters.scopes(accounts.allScopes().stream().map(ScopeInfo::label).toList());
    EntryHits hits =
        new EntryHits(counters, index, accounts, store, 1000, java.time.Duration.ofSeconds(10));
    List<byte[]> queries = listedQueries();
    byte[] answer = new byte[12];
    answer[7] = 1; // NOERROR, one answer record: a listed answer
    List<Integer> backends =
        jdbc.queryForList(
            "select pid from pg_stat_activity where datname = current_database()", Integer.class);
    jdbc.update("delete from entry_hit");
    printObserveOfUnlistedAnswers(queries);
    for (int round = 1; round <= 2; round++) {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long self = Thread.currentThread().getId();
      long collectCpu = 0;
      long collectBytes = 0;
      long flushCpu = 0;
      long flushBytes = 0;
      long flushDb = 0;
      long observeCpu = 0;
      int flushes = 0;
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < HITS; i++) {
        byte[] query = queries.get(i % queries.size());
        counters.observe(query, query.length, answer, answer.length, false);
        boolean flush = (i + 1) % HITS_PER_FLUSH == 0 || i + 1 == HITS;
        if ((i + 1) % 8192 == 0 || flush) {
          long now = threads.getCurrentThreadCpuTime();
          observeCpu += now - start;
          long bytes = threads.getThreadAllocatedBytes(self);
          hits.collect();
          start = threads.getCurrentThreadCpuTime();
          collectCpu += start - now;
          collectBytes += threads.getThreadAllocatedBytes(self) - bytes;
        }
        if (flush) {
          long db = processCpu(backends);
          long bytes = threads.getThreadAllocatedBytes(self);
          long now = threads.getCurrentThreadCpuTime();
          hits.flush();
          start = threads.getCurrentThreadCpuTime();
          flushCpu += start - now;
          flushBytes += threads.getThreadAllocatedBytes(self) - bytes;
          flushDb += processCpu(backends) - db;
          flushes++;
        }
      }
      Long stored = jdbc.queryForObject("select sum(hits) from entry_hit", Long.class);
      Long rows = jdbc.queryForObject("select count(*) from entry_hit", Long.class);
      System.out.printf(
          "round %d (%s): %d hits over %d names, %d flushes: observe %d ms, collect %d ms"
              + " (%d MB allocated), flush %d ms (%d MB allocated), database backends during"
              + " flush %d ms; entry_hit %d rows, %d hits%n",
          round,
          round == 1 ? "first hits" : "adding to existing rows",
          HITS,
          queries.size(),
          flushes,
          observeCpu / 1_000_000,
          collectCpu / 1_000_000,
          collectBytes >> 20,
          flushCpu / 1_000_000,
          flushBytes >> 20,
          flushDb,
          rows,
          stored);
    }
    jdbc.update("delete from entry_hit");
  }

  /**
   * The cost of {@link ZoneCounters#observe} without the hit ring: parsing the query name, finding
   * the zone and counting the query, for the same names answered NXDOMAIN.
   */
  private static void printObserveOfUnlistedAnswers(List<byte[]> queries) {
    ZoneCounters counters = new ZoneCounters("rbl.bench.test");
    counters.scopes(List.of("bench"));
    byte[] nxdomain = new byte[12];
    nxdomain[3] = 3;
    for (int warm = 0; warm < 2; warm++) {
      long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      for (int i = 0; i < HITS; i++) {
        byte[] query = queries.get(i % queries.size());
        counters.observe(query, query.length, nxdomain, nxdomain.length, false);
      }
      long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start;
      System.out.printf(
          "observe of %d unlisted answers (parse, find the zone, count): %d ms%n",
          HITS, cpu / 1_000_000);
    }
  }

  /** The listed answers of the query mix as query packets, in their order. */
  private static List<byte[]> listedQueries() throws IOException {
    Path file =
        Path.of(System.getProperty("palisade.load.queries", "/tmp/bench-data/1000000/queries.tsv"));
    List<byte[]> queries = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] fields = line.split("\t");
      if (fields.length < 3 || fields[2].equals("NXDOMAIN")) {
        continue;
      }
      Message query =
          Message.newQuery(Record.newRecord(Name.fromString(fields[0] + "."), Type.A, DClass.IN));
      queries.add(query.toWire());
    }
    return queries;
  }

  /** User and system CPU of the database's backends on this machine, in milliseconds. */
  private static long processCpu(List<Integer> pids) throws IOException {
    long ticks = 0;
    for (int pid : pids) {
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
