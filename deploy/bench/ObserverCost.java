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
 * time the thread waits for a core that other processes hold does not count; and of those, the
 * blocks during which the thread never lost its core (wall time within 2% of CPU time), since on a
 * busy machine a block interrupted by another process also costs more CPU, in refilled caches. The statistics' ring of listed names is drained between blocks, outside the timing, as the
 * statistics thread does. Every answer is checked against the expected verdict (listed: NOERROR
 * with records; not listed: no records). Prints one {@code RESULT} line; {@code observer-cost.sh}
 * runs the forks, interleaved, and compares them.
 *
 * <p>Several variants separated by commas share one JVM, their blocks taking turns: drift in what
 * the rest of the machine does cancels out, at the price of one call site in {@code
 * FastPath.report} seeing two or three observer classes where the application's sees one.
 *
 * <p>Arguments: variant(s), index file, queries.tsv, base zone, warm-up and measured CPU seconds.
 */
public final class ObserverCost {

  /** Queries per timed block: about a millisecond, shorter than a time slice on a busy machine. */
  private static final int BLOCK = 1024;

  /**
   * A block ran without losing its core when its wall time exceeds its CPU time by less than this
   * (a fraction of the CPU time): the timer calls' own cost, no preemption.
   */
  private static final double CLEAN = 0.02;

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
            "auto",
            10);
    QueryHandler handler = new QueryHandler(settings, index::snapshot);
    FastPath fast = handler.newFastPath();
    ZoneCounters counters = new ZoneCounters(base);
    counters.scopes(labels);
    DnsTraffic traffic = new DnsTraffic(base);
    String[] variants = variant.split(",");
    AnswerObserver[] observers = new AnswerObserver[variants.length];
    for (int v = 0; v < variants.length; v++) {
      observers[v] =
          switch (variants[v]) {
            case "none" -> AnswerObserver.NONE;
            case "stats" -> AnswerObserver.all(List.of(counters));
            // DnsTraffic first, as in the application: DnsConfiguration, which defines it, is
            // imported by the configuration that defines the ZoneCounters, so it registers first
            case "metrics" -> AnswerObserver.all(List.of(traffic, counters));
            default -> throw new IllegalArgumentException("variant: none, stats or metrics");
          };
    }
    int n = variants.length;

    Queries queries = Queries.read(queryFile);
    QuerySource source = new QuerySource();
    source.set(InetAddress.getByName("127.0.0.1"));
    byte[] query = new byte[QueryHandler.MAX_TCP_MESSAGE];
    byte[] answer = new byte[QueryHandler.MAX_TCP_MESSAGE];
    ZoneCounters.HitSink sink = (label, list, subject, from, length, millis) -> {};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    int next = 0;
    long mismatches = 0;
    // Warm-up and measurement last a given CPU time of this thread, not a wall time: on a
    // machine where other processes hold the cores, the thread gets the same work done either way.
    long warmEnd = threads.getCurrentThreadCpuTime() + warmupNanos;
    int warmBlock = 0;
    while (threads.getCurrentThreadCpuTime() < warmEnd) {
      AnswerObserver observer = observers[warmBlock++ % n];
      for (int i = 0; i < BLOCK; i++) {
        mismatches += one(handler, fast, observer, queries, next, query, answer, source);
        next = next + 1 == queries.count ? 0 : next + 1;
      }
      counters.drainHits(sink);
    }
    // Per block: its CPU time per query, and whether it kept its core throughout (clean). A
    // block the thread was preempted in costs more CPU too (caches refilled after the other
    // process), so the figure that compares is the median of the clean blocks. With several
    // variants in one JVM, the blocks take turns in the order A B B A (for two; rotating and
    // reversing for more), so what the neighbours do to the caches meanwhile hits all alike.
    List<List<Double>> perQuery = new ArrayList<>();
    List<List<Double>> clean = new ArrayList<>();
    long[] answered = new long[n];
    long[] wallOf = new long[n];
    for (int v = 0; v < n; v++) {
      perQuery.add(new ArrayList<>());
      clean.add(new ArrayList<>());
    }
    long cpuTotal = 0;
    long block = 0;
    while (cpuTotal < measureNanos) {
      int turn = (int) (block / n);
      int at = (int) (block % n);
      int v = turn % 2 == 0 ? (at + turn / 2) % n : (n - 1 - at + turn / 2) % n;
      block++;
      AnswerObserver observer = observers[v];
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < BLOCK; i++) {
        mismatches += one(handler, fast, observer, queries, next, query, answer, source);
        next = next + 1 == queries.count ? 0 : next + 1;
      }
      long t1 = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      cpuTotal += cpu;
      answered[v] += BLOCK;
      wallOf[v] += t1 - t0;
      perQuery.get(v).add((double) cpu / BLOCK);
      if (t1 - t0 - cpu < CLEAN * cpu) {
        clean.get(v).add((double) cpu / BLOCK);
      }
      counters.drainHits(sink);
    }
    for (int v = 0; v < n; v++) {
      double[] sorted = perQuery.get(v).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] cleanSorted =
          clean.get(v).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double sum = 0;
      for (double x : sorted) {
        sum += x;
      }
      System.out.printf(
          "RESULT variant=%s in_jvm=%s entries=%d queries=%d blocks=%d clean_blocks=%d"
              + " ns_per_query_clean=%.2f ns_per_query_median=%.2f ns_per_query_mean=%.2f"
              + " ns_per_query_p25=%.2f ns_per_query_p75=%.2f wall_ns_per_query=%.2f"
              + " mismatches=%d traffic=%d%n",
          variants[v],
          variant,
          entries,
          answered[v],
          sorted.length,
          cleanSorted.length,
          quantile(cleanSorted, 0.5),
          quantile(sorted, 0.5),
          sum / Math.max(1, sorted.length),
          quantile(sorted, 0.25),
          quantile(sorted, 0.75),
          (double) wallOf[v] / Math.max(1, answered[v]),
          mismatches,
          traffic.requests(0, 0, 0) + traffic.requests(2, 0, 0));
    }
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
