package dev.palisade.stats;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Measures, without asserting, the CPU {@link EntryHits#collect()} spends per listed answer: the
 * listed answers of a benchmark-like mix (80% reversed IPv4 addresses and 10% IPv6 addresses in
 * {@code bl}, 10% domains in {@code dbl}; {@code palisade.cost.names} distinct names, by default as
 * many as a table holds) go through {@link ZoneCounters#observe} as the DNS server calls it, in
 * random order, and the collecting thread's own CPU time ({@link ThreadMXBean}) is taken around
 * each {@code collect()} of 8,192 of them. Prints the median and quartiles of the blocks after a
 * warm-up.
 *
 * <p>Runs only when asked: {@code ./mvnw -B -o -q test -Dtest=HitCollectCost
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpalisade.cost.collect=1}.
 */
@EnabledIfSystemProperty(named = "palisade.cost.collect", matches = ".+")
class HitCollectCost {

  private static final int NAMES = Integer.getInteger("palisade.cost.names", EntryHits.MAX_NAMES);
  private static final int BLOCK = 8_192;
  private static final int BLOCKS = Integer.getInteger("palisade.cost.blocks", 1_500);
  private static final int WARMUP = 300;

  @Test
  void printsTheCpuPerListedAnswerCollected() throws Exception {
    Random random = new Random(1);
    List<byte[]> queries = new ArrayList<>();
    for (int i = 0; i < NAMES; i++) {
      int kind = random.nextInt(10);
      String name;
      if (kind < 8) {
        int ip = random.nextInt();
        name =
            (ip & 255)
                + "."
                + (ip >>> 8 & 255)
                + "."
                + (ip >>> 16 & 255)
                + "."
                + (ip >>> 24)
                + ".bench.bl";
      } else if (kind == 8) {
        StringBuilder nibbles = new StringBuilder();
        for (int n = 0; n < 32; n++) {
          nibbles.append(Integer.toHexString(random.nextInt(16))).append('.');
        }
        name = nibbles + "bench.bl";
      } else {
        name = "host" + random.nextInt(1_000_000) + ".example" + i + ".com.bench.dbl";
      }
      queries.add(
          Message.newQuery(
                  Record.newRecord(Name.fromString(name + ".rbl.bench.test."), Type.A, DClass.IN))
              .toWire());
    }
    ZoneCounters counters = new ZoneCounters("rbl.bench.test");
    counters.scopes(List.of("bench"));
    EntryHits hits = new EntryHits(counters, null, null, null, 250, Duration.ofSeconds(10));
    byte[] answer = new byte[12];
    answer[7] = 1; // NOERROR, one answer record: a listed answer
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] perHit = new long[BLOCKS - WARMUP];
    for (int block = 0; block < BLOCKS; block++) {
      for (int i = 0; i < BLOCK; i++) {
        byte[] query = queries.get(random.nextInt(queries.size()));
        counters.observe(query, query.length, answer, answer.length, false);
      }
      long start = threads.getCurrentThreadCpuTime();
      hits.collect();
      long cpu = threads.getCurrentThreadCpuTime() - start;
      if (block >= WARMUP) {
        perHit[block - WARMUP] = cpu / BLOCK;
      }
    }
    Arrays.sort(perHit);
    System.out.printf(
        "collect, %d distinct names, %d blocks of %d listed answers: %d ns per listed answer"
            + " (quartiles %d-%d); %d hits dropped%n",
        NAMES,
        perHit.length,
        BLOCK,
        perHit[perHit.length / 2],
        perHit[perHit.length / 4],
        perHit[perHit.length * 3 / 4],
        counters.droppedHits());
  }
}
