package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.nibbles;
import static dev.palisade.dns.DnsTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntry;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The answering threads allocate nothing per query: every allocation of {@code dns-udp-N} becomes
 * work for the collector, and with a concurrent collector for its control thread too, on the core
 * the answers need. Measured as the JVM counts it ({@code getThreadAllocatedBytes} of the answering
 * threads) over rounds of the benchmark's kinds of queries (listed and unlisted IPv4 addresses,
 * networks, exclusions, IPv6 addresses and domains, A and TXT) through a real socket, with the
 * metrics' observer and the rate limiter's exemption check on the path, as in production. Compiled
 * code may leave out allocations the interpreter makes, so the test passes on the first round after
 * warming up that allocates less than a byte per query; a path that allocates per query never does.
 * Linux with the native UDP library only, as the benchmark runs.
 */
class UdpAnsweringAllocationIT {

  private static final String ZONES = ".demo.%s.rbl.palisade.test";
  private static final int ROUND = 20_000;
  private static final int WINDOW = 32;

  private DnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void answeringTheBenchmarksQueriesAllocatesNothingPerQuery() throws Exception {
    assumeTrue(NativeUdp.unavailable() == null, "native library: " + NativeUdp.unavailable());
    server = start();
    List<byte[]> queries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String name :
        List.of(
            "2.0.0.10" + zone("bl"), // a listed address, with a reason naming it
            "5.1.0.10" + zone("bl"), // in a listed network
            "7.1.0.10" + zone("bl"), // excluded inside it
            "99.9.9.9" + zone("bl"), // not listed
            nibbles("2001:db8:0:1::5") + zone("bl"), // in a listed IPv6 /64
            nibbles("2001:db8:0:2::5") + zone("bl"), // not listed
            "spam.example" + zone("dbl"), // a listed domain
            "www.spam.example" + zone("dbl"), // not listed (spam.example is exact)
            "a.b.bad.example" + zone("dbl"), // below a listed .bad.example
            "x.sub.example" + zone("dbl"), // below a listed *.sub.example
            "sub.example" + zone("dbl"), // NODATA: names listed below it
            "clean.example" + zone("dbl"))) {
      for (String type : List.of("A", "TXT")) {
        queries.add(query(name, type).toWire());
        names.add(name + " " + type);
      }
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] answering = answeringThreads();
    List<Long> perRound = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(10_000);
      socket.connect(InetAddress.getLoopbackAddress(), server.port());
      checkAnswers(socket, queries, names);
      for (int round = 0; round < 20; round++) {
        long before = allocated(threads, answering);
        send(socket, queries, ROUND);
        long allocated = allocated(threads, answering) - before;
        perRound.add(allocated);
        if (round >= 2 && allocated < ROUND) {
          return;
        }
      }
    }
    throw new AssertionError(
        "the answering threads allocated in every round of "
            + ROUND
            + " queries (bytes per round): "
            + perRound);
  }

  private static String zone(String list) {
    return ZONES.formatted(list);
  }

  /** Each query once: listed names answer with records, the others without. */
  private static void checkAnswers(DatagramSocket socket, List<byte[]> queries, List<String> names)
      throws Exception {
    byte[] buffer = new byte[1232];
    for (int i = 0; i < queries.size(); i++) {
      socket.send(new DatagramPacket(queries.get(i), queries.get(i).length));
      DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
      socket.receive(answer);
      int rcode = buffer[3] & 0x0f;
      int records = ((buffer[6] & 0xff) << 8) | (buffer[7] & 0xff);
      String name = names.get(i);
      boolean listed =
          name.startsWith("2.0.0.10")
              || name.startsWith("5.1.0.10")
              || name.startsWith(nibbles("2001:db8:0:1::5"))
              || name.startsWith("spam.example")
              || name.startsWith("a.b.bad.example")
              || name.startsWith("x.sub.example");
      assertThat(rcode).as(name).isEqualTo(listed || name.startsWith("sub.example") ? 0 : 3);
      assertThat(records).as(name).isEqualTo(listed ? 1 : 0);
    }
  }

  /** Sends {@code count} queries, {@link #WINDOW} at a time, and waits for every answer. */
  private static void send(DatagramSocket socket, List<byte[]> queries, int count)
      throws Exception {
    DatagramPacket[] out = new DatagramPacket[queries.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new DatagramPacket(queries.get(i), queries.get(i).length);
    }
    DatagramPacket in = new DatagramPacket(new byte[1232], 1232);
    for (int sent = 0; sent < count; sent += WINDOW) {
      for (int i = 0; i < WINDOW; i++) {
        socket.send(out[(sent + i) % out.length]);
      }
      for (int i = 0; i < WINDOW; i++) {
        socket.receive(in);
      }
    }
  }

  /** The UDP answering threads: SO_REUSEPORT hands the test's one source to one of them. */
  private static long[] answeringThreads() {
    long[] ids =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("dns-udp-"))
            .mapToLong(Thread::getId)
            .toArray();
    assertThat(ids).isNotEmpty();
    return ids;
  }

  private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
    long sum = 0;
    for (long bytes : threads.getThreadAllocatedBytes(ids)) {
      sum += bytes;
    }
    return sum;
  }

  private static DnsServer start() {
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(List.of(new ScopeInfo(1, "demo", null, 10)), 10);
    long[] id = {1};
    List<ActiveEntry> entries = new ArrayList<>();
    for (String[] e :
        new String[][] {
          {"BLOCK", "10.0.0.2", "Listed: $ sent spam"},
          {"BLOCK", "10.0.1.0/24", null},
          {"EXCLUDE", "10.0.1.7", null},
          {"BLOCK", "2001:db8:0:1::/64", "v6 $ listed"},
          {"BLOCK", "spam.example", "Spam domain $"},
          {"BLOCK", ".bad.example", null},
          {"BLOCK", "*.sub.example", "Below $"}
        }) {
      ListKind kind = ListKind.valueOf(e[0]);
      int code = kind == ListKind.EXCLUDE ? 0 : ReturnCode.parse("127.0.0.2");
      entries.add(new ActiveEntry(id[0]++, 1, kind, EntryValue.parse(e[1]), code, e[2]));
    }
    entries.forEach(loader::add);
    loader.publish();
    DnsSettings settings = DnsSettings.defaults().withListener("127.0.0.1", 0);
    DnsServer dns =
        new DnsServer(
            settings,
            new QueryHandler(settings, index::snapshot),
            new DnsTraffic(settings.baseZone()),
            new RateLimiter(RateLimitSettings.defaults()),
            new TcpCounters(),
            QueryLog.OFF,
            TransferResponder.NONE,
            0,
            0);
    dns.start();
    return dns;
  }
}
