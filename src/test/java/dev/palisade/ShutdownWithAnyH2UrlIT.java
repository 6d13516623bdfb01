package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.Dig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * A Palisade on an H2 file whose URL does not say {@code DB_CLOSE_ON_EXIT=FALSE}, stopped the way a
 * service manager stops it (SIGTERM), still writes its last statistics and its index file on the
 * way down, without a stack trace: H2's own shutdown hook must not close the database under it.
 * Runs the real {@link PalisadeApplication#main} in a child JVM, since only a real process exit
 * runs the shutdown hooks.
 */
class ShutdownWithAnyH2UrlIT {

  private static final Pattern DNS_PORT =
      Pattern.compile("DNS server listening on \\S+ port (\\d+)");

  @TempDir Path workDir;

  @Test
  void aStopSavesTheStatisticsAndTheIndexFileWithAnH2UrlLackingDbCloseOnExit() throws Exception {
    // The jar the build just packaged, started as in production: its nested-jar class loading makes
    // the shutdown slow enough for H2's own hook to win the race, as it did in the benchmark.
    Path jar = Path.of("target", "palisade.jar").toAbsolutePath();
    assertThat(jar).as("the packaged jar (run with mvn verify)").exists();
    Path output = workDir.resolve("child.log");
    Path database = workDir.resolve("db").resolve("palisade");
    Path indexFile = workDir.resolve("palisade.index");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--spring.datasource.url=jdbc:h2:file:" + database);
    command.add("--server.port=0");
    command.add("--palisade.dns.port=0");
    command.add("--palisade.index.file=" + indexFile);
    command.add("--palisade.samples.directory=" + Path.of("zones").toAbsolutePath());
    command.add("--palisade.samples.import-on-empty=true");
    // Nothing is written before the stop: what is stored afterwards was written on the way down.
    command.add("--palisade.stats.flush-interval=1h");
    command.add("--palisade.index.save-interval=1h");
    Process child =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      long startBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (child.isAlive()
          && !read(output).contains("Started PalisadeApplication")
          && System.nanoTime() < startBy) {
        Thread.sleep(200);
      }
      String started = read(output);
      assertThat(started).as("the application started:\n%s", tail(started)).contains("Started");
      Matcher port = DNS_PORT.matcher(started);
      assertThat(port.find()).as("the DNS port is logged").isTrue();
      Dig dig = new Dig(Integer.parseInt(port.group(1)));
      for (int i = 0; i < 3; i++) {
        assertThat(Dig.addresses(dig.udp("1.2.0.192.demo.bl.rbl.palisade.test", Type.A)))
            .as("a listed sample address")
            .containsExactly("127.0.0.2");
      }

      child.destroy(); // SIGTERM, as systemctl stop sends
      boolean ended = child.waitFor(120, TimeUnit.SECONDS);

      String log = read(output);
      assertThat(ended).as("the process ended; output:\n%s", tail(log)).isTrue();
      assertThat(log)
          .as("the way down, without errors:\n%s", tail(log))
          .doesNotContain("already closed")
          .doesNotContain("not saved")
          .doesNotContain("not written")
          .doesNotContainPattern("(?m)^\\s+at |^Caused by");
      assertThat(indexFile).as("the index file written on the way down").isNotEmptyFile();
      try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
          Statement sql = db.createStatement()) {
        assertThat(
                number(
                    sql,
                    "select coalesce(sum(queries), 0) from zone_query_stats"
                        + " where zone_label = 'demo' and list_name = 'bl'"))
            .as("the zone's queries of the last minute (a client may have retried one)")
            .isGreaterThanOrEqualTo(3);
        assertThat(
                number(
                    sql,
                    "select coalesce(sum(h.hits), 0) from entry_hit h join entry e"
                        + " on e.id = h.entry_id where e.entry_value = '192.0.2.1'"))
            .as("the entry's hits of the last minute")
            .isGreaterThanOrEqualTo(3);
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static long number(Statement sql, String query) throws Exception {
    try (ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static String tail(String log) {
    return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
  }
}
