package dev.palisade.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The dashboard's traffic series, summed into hours by the database, must be what adding up the
 * stored minutes gives: for the 24 hours, 7 days and 35 days the chart shows, for two zone labels
 * of a mail server next to one of another, over minutes on the hour's edges, minutes just outside
 * the period and minutes in the hour still running. {@link HourlyTrafficIT} runs it on H2, {@link
 * PostgresHourlyTrafficIT} on PostgreSQL. With {@code -Dpalisade.stats.every-minute=true} every
 * minute of 36 days is stored (a busy mail server's zones) and both ways of summing are timed, into
 * {@code target/<database>-hourly-traffic-timing.txt}.
 */
@SpringBootTest(properties = "palisade.stats.flush-interval=1h")
@ActiveProfiles("test")
abstract class HourlyTrafficContract {

  private static final AtomicInteger LABELS = new AtomicInteger();
  private static final String[] LISTS = {"bl", "wl", "dbl", "dwl"};
  private static final int RUNS = 5;

  @Autowired QueryStats stats;
  @Autowired JdbcTemplate jdbc;

  abstract String database();

  @Test
  void hourlySeriesAreTheSumsOfTheStoredMinutes() throws Exception {
    String prefix = "hourly" + LABELS.incrementAndGet() + database();
    List<String> mine = List.of(prefix + "a", prefix + "b");
    String other = prefix + "other";
    Instant now = Instant.now();
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    boolean everyMinute = Boolean.getBoolean("palisade.stats.every-minute");
    Random random = new Random(42);
    List<Object[]> rows = new ArrayList<>();
    Instant from = hour.minus(Duration.ofDays(36));
    for (String label : List.of(mine.get(0), mine.get(1), other)) {
      for (String list : LISTS) {
        for (Instant minute = from;
            minute.isBefore(hour.plus(Duration.ofHours(2)));
            minute = minute.plus(Duration.ofMinutes(everyMinute ? 1 : 1 + random.nextInt(97)))) {
          rows.add(row(label, list, minute, random));
        }
      }
    }
    // The edges: the first minute of the oldest hour shown and the last minute before it.
    for (int hours : new int[] {24, 7 * 24, 35 * 24}) {
      Instant first = hour.minus(Duration.ofHours(hours - 1L));
      for (Instant edge : List.of(first, first.minus(Duration.ofMinutes(1)))) {
        rows.add(row(mine.get(0), "bl", edge, random));
      }
    }
    rows = distinct(rows);
    jdbc.batchUpdate(
        "insert into zone_query_stats (zone_label, list_name, minute_start, queries, hits)"
            + " values (?, ?, ?, ?, ?)",
        rows);

    List<String> timing = new ArrayList<>();
    timing.add(
        database() + ": " + rows.size() + " minute rows of " + (mine.size() + 1) + " labels");
    for (int hours : new int[] {24, 7 * 24, 35 * 24}) {
      List<QueryStats.Hour> expected = summedHere(mine, now, hours);
      List<QueryStats.Hour> actual = stats.hourly(mine, now, hours);
      assertThat(actual).as("%d hours", hours).isEqualTo(expected);
      assertThat(actual.stream().mapToLong(QueryStats.Hour::queries).sum()).isPositive();
      if (everyMinute) {
        timing.add(
            String.format(
                "%4d hours: minutes summed here %5d ms, hours summed by the database %5d ms"
                    + " (median of %d)",
                hours,
                median(() -> summedHere(mine, now, hours)),
                median(() -> stats.hourly(mine, now, hours)),
                RUNS));
      }
    }
    if (everyMinute) {
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target", database() + "-hourly-traffic-timing.txt"), timing);
      timing.forEach(System.out::println);
    }
  }

  private static Object[] row(String label, String list, Instant minute, Random random) {
    long queries = random.nextInt(1_000);
    return new Object[] {
      label, list, Timestamp.from(minute), queries, queries == 0 ? 0 : random.nextLong(queries)
    };
  }

  /** The rows without a second one for the same zone and minute (the table's key). */
  private static List<Object[]> distinct(List<Object[]> rows) {
    java.util.Map<String, Object[]> byKey = new java.util.LinkedHashMap<>();
    for (Object[] row : rows) {
      byKey.putIfAbsent(row[0] + " " + row[1] + " " + row[2], row);
    }
    return new ArrayList<>(byKey.values());
  }

  /**
   * The series as the dashboard summed it before the database did: every stored minute of the
   * labels since the first hour, read and added to its hour here.
   */
  private List<QueryStats.Hour> summedHere(List<String> labels, Instant now, int hours) {
    Instant last = now.truncatedTo(ChronoUnit.HOURS);
    Instant first = last.minus(Duration.ofHours(hours - 1L));
    long[] queries = new long[hours];
    long[] hits = new long[hours];
    List<Object> args = new ArrayList<>(labels);
    args.add(Timestamp.from(first));
    jdbc.query(
        "select minute_start, queries, hits from zone_query_stats where zone_label in (?, ?)"
            + " and minute_start >= ?",
        row -> {
          Instant at = row.getTimestamp(1).toInstant();
          int index = (int) Duration.between(first, at).toHours();
          if (index >= 0 && index < hours) {
            queries[index] += row.getLong(2);
            hits[index] += row.getLong(3);
          }
        },
        args.toArray());
    List<QueryStats.Hour> series = new ArrayList<>(hours);
    for (int i = 0; i < hours; i++) {
      series.add(new QueryStats.Hour(first.plus(Duration.ofHours(i)), queries[i], hits[i]));
    }
    return series;
  }

  private static long median(Runnable read) {
    read.run(); // warm-up
    long[] runs = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      read.run();
      runs[i] = (System.nanoTime() - start) / 1_000_000;
    }
    Arrays.sort(runs);
    return runs[RUNS / 2];
  }
}
