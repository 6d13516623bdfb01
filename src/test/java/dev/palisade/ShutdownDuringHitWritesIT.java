package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ChildPalisade;
import dev.palisade.support.Dig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A Palisade on an H2 file stopped (SIGTERM) while its hit writer is in the middle of a round still
 * writes its last statistics and its index file on the way down, without a stack trace, and ends.
 *
 * <p>As in the benchmark that found it: many listed entries are queried over real UDP, each a
 * distinct name, so every round of {@code EntryHits#writeSome} has thousands of tallies to write,
 * and the stop comes as one of its transactions begins (seen in the transaction manager's debug
 * log). The database's page cache is small, as a database of millions of entries is to the default
 * one, so the round reads pages from the file on its own thread: a job thread interrupted by the
 * stop there closed H2's file channel, and the database with it ("IO Exception", 90028). Runs the
 * packaged jar in a child JVM, since only a real process exit runs the shutdown hooks.
 */
class ShutdownDuringHitWritesIT {

  private static final Pattern DNS_PORT =
      Pattern.compile("DNS server listening on \\S+ port (\\d+)");

  /** A transaction of the hit writer's beginning, in the transaction manager's debug log. */
  private static final Pattern HIT_WRITE =
      Pattern.compile("(?m)^.*writeSome.*Creating new transaction.*$");

  private static final int ENTRIES = 100_000;

  private static final String MARKER = "1.2.0.192.demo.bl.rbl.palisade.test";

  @TempDir Path workDir;

  @ParameterizedTest
  @ValueSource(strings = {"", ";DB_CLOSE_ON_EXIT=FALSE"})
  void aStopDuringAHitWriteRoundSavesTheLastHitsAndTheIndexFile(String urlTail) throws Exception {
    Path jar = Path.of("target", "palisade.jar").toAbsolutePath();
    assertThat(jar).as("the packaged jar (run with mvn verify)").exists();
    Path zones = listedEntries();
    Path database = workDir.resolve("db").resolve("palisade");
    Path indexFile = workDir.resolve("palisade.index");
    try (ChildPalisade child =
            ChildPalisade.jar(
                workDir,
                "512m",
                jar,
                List.of(
                    "--spring.datasource.url=jdbc:h2:file:"
                        + database
                        + ";CACHE_SIZE=1024"
                        + urlTail,
                    "--server.port=0",
                    "--palisade.dns.port=0",
                    "--palisade.dns.rrl.exempt=127.0.0.1",
                    "--palisade.index.file=" + indexFile,
                    "--palisade.index.save-interval=1h",
                    "--palisade.samples.directory=" + zones,
                    "--palisade.samples.import-on-empty=true",
                    // Hits attributed every second and written every second, all that wait at once.
                    "--palisade.stats.flush-interval=1s",
                    "--palisade.stats.hit-write-interval=1s",
                    "--palisade.stats.hit-writes-per-second=200000",
                    "--logging.level.org.springframework.orm.jpa.JpaTransactionManager=DEBUG"));
        Blaster blaster = new Blaster()) {
      String started = child.awaitOutput("Started PalisadeApplication", Duration.ofSeconds(300));
      assertThat(started).as("the application started:\n%s", child.tail()).contains("Started");
      Matcher port = DNS_PORT.matcher(started);
      assertThat(port.find()).as("the DNS port is logged").isTrue();
      int dnsPort = Integer.parseInt(port.group(1));

      blaster.start(dnsPort);
      // Rounds with thousands of tallies: a few of them written, then the stop as the next begins.
      assertThat(awaitHitWrites(child, 5, Duration.ofSeconds(120)))
          .as("the hit writer writes rounds:\n%s", child.tail())
          .isTrue();
      Dig dig = new Dig(dnsPort);
      for (int i = 0; i < 3; i++) {
        assertThat(Dig.addresses(dig.udp(MARKER, Type.A)))
            .as("a listed address")
            .containsExactly("127.0.0.2");
      }
      int before = hitWrites(child.output());
      assertThat(awaitHitWrites(child, before + 1, Duration.ofSeconds(60)))
          .as("a hit write begins:\n%s", child.tail())
          .isTrue();
      child.process().destroy(); // SIGTERM, as systemctl stop sends
      boolean ended = child.awaitEnd(Duration.ofSeconds(120));
      blaster.close();

      String log = child.output();
      assertThat(ended).as("the process ended; output:\n%s", child.tail()).isTrue();
      assertThat(log)
          .as("the way down, without errors:\n%s", child.tail())
          .doesNotContain("not saved")
          .doesNotContain("not written")
          .doesNotContain("90028")
          .doesNotContainPattern("(?m)^\\s+at |^Caused by");
      assertThat(indexFile).as("the index file written on the way down").isNotEmptyFile();
      int dnsStopped = log.indexOf("DNS server stopped");
      int indexWritten = log.lastIndexOf("index file " + indexFile + " written");
      assertThat(dnsStopped).as("DNS stopped:\n%s", child.tail()).isNotNegative();
      assertThat(indexWritten).as("the index file written:\n%s", child.tail()).isNotNegative();
      assertThat(dnsStopped)
          .as("DNS stops before the index file is written")
          .isLessThan(indexWritten);
      try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
          Statement sql = db.createStatement()) {
        assertThat(
                number(
                    sql,
                    "select coalesce(sum(h.hits), 0) from entry_hit h join entry e"
                        + " on e.id = h.entry_id where e.entry_value = '192.0.2.1'"))
            .as("the hits of the entry asked last, just before the stop")
            .isGreaterThanOrEqualTo(3);
        assertThat(number(sql, "select count(*) from entry_hit"))
            .as("entries with hits")
            .isGreaterThan(1);
      }
    }
  }

  /** Sample lists of one block list of {@link #ENTRIES} addresses and 192.0.2.1. */
  private Path listedEntries() throws IOException {
    Path zones = Files.createDirectories(workDir.resolve("zones"));
    List<String> lines = new ArrayList<>(ENTRIES + 1);
    lines.add("192.0.2.1");
    for (int i = 0; i < ENTRIES; i++) {
      lines.add("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
    }
    Files.write(zones.resolve("many.txt"), lines);
    Files.writeString(zones.resolve("manifest.txt"), "many.txt demo block ip4set\n");
    return zones;
  }

  private static boolean awaitHitWrites(ChildPalisade child, int count, Duration timeout)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (child.process().isAlive() && System.nanoTime() < until) {
      if (hitWrites(child.output()) >= count) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static int hitWrites(String log) {
    Matcher line = HIT_WRITE.matcher(log);
    int count = 0;
    while (line.find()) {
      count++;
    }
    return count;
  }

  private static long number(Statement sql, String query) throws Exception {
    try (ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  /**
   * Asks for every listed address in turn over UDP, about 40,000 a second, without waiting for
   * answers: each answer is a hit of a distinct entry.
   */
  private static final class Blaster implements AutoCloseable {

    private volatile boolean stopped;
    private Thread thread;

    void start(int port) throws IOException {
      List<ByteBuffer> queries = new ArrayList<>(ENTRIES);
      for (int i = 0; i < ENTRIES; i++) {
        String name =
            (i & 255) + "." + ((i >> 8) & 255) + "." + (i >> 16) + ".10.demo.bl.rbl.palisade.test.";
        Message query =
            Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        queries.add(ByteBuffer.wrap(query.toWire()));
      }
      DatagramChannel channel = DatagramChannel.open();
      channel.connect(new InetSocketAddress("127.0.0.1", port));
      thread =
          new Thread(
              () -> {
                try (channel) {
                  for (int i = 0; !stopped; i++) {
                    ByteBuffer query = queries.get(i % ENTRIES);
                    try {
                      channel.write(query.rewind());
                    } catch (IOException e) {
                      // The server has stopped: nothing to ask any more.
                    }
                    if (i % 400 == 0) {
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                  }
                } catch (IOException e) {
                  // closing
                }
              },
              "blaster");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stopped = true;
      if (thread != null) {
        thread.join(10_000);
      }
    }
  }
}
