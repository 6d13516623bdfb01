package dev.palisade.dns;

import dev.palisade.index.IndexFile;
import dev.palisade.index.LiveIndex;
import dev.palisade.stats.ZoneCounters;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the observers of every answer cost the answering thread, in one JVM per run (a fork): the
 * real {@link QueryHandler} and {@link FastPath} answer the benchmark's queries from the index file
 * a Palisade run wrote, and every answer is told to the observers of one variant, as {@code
 * DnsServer} tells them:
 *
 * <ul>
 *   <li>{@code none}: {@link AnswerObserver#NONE}
 *   <li>{@code stats}: the statistics alone ({@link ZoneCounters}), i.e. the metrics off
 *   <li>{@code metrics}: the statistics and the metrics' {@link DnsTraffic}, as in production
 * </ul>
 *
 * <p>Measures the thread's own CPU time (not wall time) per query, in blocks of {@code BLOCK}
 * queries after a warm-up (both as long as the arguments say, in CPU seconds of the thread), so
 * time the thread waits for a core that other processes hold does not count. The statistics' ring of listed names is drained between blocks, outside the timing, as the
 * statistics thread does. Every answer is checked against the expected verdict (listed: NOERROR
 * with records; not listed: no records). Prints one {@code RESULT} line; {@code observer-cost.sh}
 * runs the forks, interleaved, and compares them.
 *
 * <p>Arguments: variant, index file, queries.tsv, base zone, warm-up and measured CPU seconds.
 */
public final class ObserverCost {

  private static final int BLOCK = 8192;

  private ObserverCost() {}

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    Path indexFile = Path.of(args[1]);
    Path queryFile = Path.of(args[2]);
    String base = args[3];
    long warmupNanos = Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
    long measureNanos = Duration.ofSeconds(Long.parseLong(args[5])).toNanos();

    IndexFile.Saved saved = IndexFile.read(indexFile);
    long baseSerial = 0;
    List<String> labels = new ArrayList<>();
    for (IndexFile.SavedScope scope : saved.scopes()) {
      baseSerial = Math.max(baseSerial, scope.info().serial());
      labels.addAll(scope.info().labels());
    }
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(saved, baseSerial);
    long entries = 0;
    for (IndexFile.SavedScope scope : saved.scopes()) {
      entries += loader.restore(scope, scope.stamp().serial());
    }
    loader.publish();

    DnsSettings settings =
        new DnsSettings(
            base,
            "127.0.0.1",
            0,
            1,
            300,
            new DnsSettings.Soa(3600, 1, 3600, 600, 86400, "hostmaster@example.net"),
            List.of(),
            3600,
            Duration.ofSeconds(10),
            128,
            Duration.ofSeconds(5),
            8,
            null,
            "Blocked: $",
            "Allowed: $",
            "auto");
    QueryHandler handler = new QueryHandler(settings, index::snapshot);
    FastPath fast = handler.newFastPath();
    ZoneCounters counters = new ZoneCounters(base);
    counters.scopes(labels);
    DnsTraffic traffic = new DnsTraffic(base);
    AnswerObserver observer =
        switch (variant) {
          case "none" -> AnswerObserver.NONE;
          case "stats" -> AnswerObserver.all(List.of(counters));
          // DnsTraffic first, as in the application: DnsConfiguration, which defines it, is
          // imported by the configuration that defines the ZoneCounters, so it registers first
          case "metrics" -> AnswerObserver.all(List.of(traffic, counters));
          default -> throw new IllegalArgumentException("variant: none, stats or metrics");
        };

    Queries queries = Queries.read(queryFile);
    QuerySource source = new QuerySource();
    source.set(InetAddress.getByName("127.0.0.1"));
    byte[] query = new byte[QueryHandler.MAX_TCP_MESSAGE];
    byte[] answer = new byte[QueryHandler.MAX_TCP_MESSAGE];
    ZoneCounters.HitSink sink = (label, list, subject, from, length, millis) -> {};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    int next = 0;
    long mismatches = 0;
    long answered = 0;
    // Warm-up and measurement last a given CPU time of this thread, not a wall time: on a
    // machine where other processes hold the cores, the thread gets the same work done either way.
    long warmEnd = threads.getCurrentThreadCpuTime() + warmupNanos;
    while (threads.getCurrentThreadCpuTime() < warmEnd) {
      for (int i = 0; i < BLOCK; i++) {
        mismatches += one(handler, fast, observer, queries, next, query, answer, source);
        next = next + 1 == queries.count ? 0 : next + 1;
      }
      counters.drainHits(sink);
    }
    List<Double> perQuery = new ArrayList<>();
    long cpuTotal = 0;
    long wall0 = System.nanoTime();
    while (cpuTotal < measureNanos) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < BLOCK; i++) {
        mismatches += one(handler, fast, observer, queries, next, query, answer, source);
        next = next + 1 == queries.count ? 0 : next + 1;
      }
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      cpuTotal += cpu;
      answered += BLOCK;
      perQuery.add((double) cpu / BLOCK);
      counters.drainHits(sink);
    }
    long wall = System.nanoTime() - wall0;
    double[] sorted = perQuery.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        "RESULT variant=%s entries=%d queries=%d blocks=%d ns_per_query_median=%.2f"
            + " ns_per_query_mean=%.2f ns_per_query_p25=%.2f ns_per_query_p75=%.2f"
            + " wall_ns_per_query=%.2f mismatches=%d traffic=%d%n",
        variant,
        entries,
        answered,
        sorted.length,
        quantile(sorted, 0.5),
        (double) cpuTotal / answered,
        quantile(sorted, 0.25),
        quantile(sorted, 0.75),
        (double) wall / answered,
        mismatches,
        traffic.requests(0, 0, 0) + traffic.requests(2, 0, 0));
    if (mismatches > 0) {
      System.exit(1);
    }
  }

  /** Answers query {@code n} as {@code DnsServer} does over UDP; 1 when the answer is wrong. */
  private static int one(
      QueryHandler handler,
      FastPath fast,
      AnswerObserver observer,
      Queries queries,
      int n,
      byte[] query,
      byte[] answer,
      QuerySource source) {
    int length = queries.length[n];
    System.arraycopy(queries.wire, queries.offset[n], query, 0, length);
    int size = handler.answer(query, length, QueryHandler.Transport.UDP, source, fast, answer);
    if (size < 0) {
      return 1;
    }
    fast.report(observer, query, length, answer, size);
    int rcode = answer[3] & 0x0f;
    int records = ((answer[6] & 0xff) << 8) | (answer[7] & 0xff);
    boolean listed = rcode == 0 && records > 0;
    return listed == queries.listed[n] ? 0 : 1;
  }

  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    double at = q * (sorted.length - 1);
    int low = (int) Math.floor(at);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
  }

  /** The queries of queries.tsv in wire form, as qblast sends them (no EDNS, RD clear). */
  private static final class Queries {
    byte[] wire;
    int[] offset;
    int[] length;
    boolean[] listed;
    int count;

    static Queries read(Path file) throws Exception {
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      Queries q = new Queries();
      q.wire = new byte[lines.size() * 300];
      q.offset = new int[lines.size()];
      q.length = new int[lines.size()];
      q.listed = new boolean[lines.size()];
      int at = 0;
      for (String line : lines) {
        String[] f = line.split("\t");
        if (f.length < 3 || f[0].startsWith("#")) {
          continue;
        }
        int start = at;
        at += 5;
        q.wire[at++] = 1; // QDCOUNT
        at += 6;
        for (String label : f[0].split("\\.")) {
          byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
          q.wire[at++] = (byte) bytes.length;
          System.arraycopy(bytes, 0, q.wire, at, bytes.length);
          at += bytes.length;
        }
        at++; // root
        int type =
            switch (f[1]) {
              case "A" -> 1;
              case "TXT" -> 16;
              case "ANY" -> 255;
              default -> throw new IllegalArgumentException("query type " + f[1]);
            };
        q.wire[at++] = 0;
        q.wire[at++] = (byte) type;
        q.wire[at++] = 0;
        q.wire[at++] = 1;
        q.offset[q.count] = start;
        q.length[q.count] = at - start;
        q.listed[q.count] = !f[2].equals("NXDOMAIN") && !f[2].equals("NODATA");
        q.count++;
      }
      q.wire = Arrays.copyOf(q.wire, at);
      return q;
    }
  }
}
