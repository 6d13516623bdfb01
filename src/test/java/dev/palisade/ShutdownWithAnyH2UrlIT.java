package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ChildPalisade;
import dev.palisade.support.Dig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
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
    Path database = workDir.resolve("db").resolve("palisade");
    Path indexFile = workDir.resolve("palisade.index");
    try (ChildPalisade child =
        ChildPalisade.jar(
            workDir,
            "256m",
            jar,
            List.of(
                "--spring.datasource.url=jdbc:h2:file:" + database,
                "--server.port=0",
                "--palisade.dns.port=0",
                "--palisade.index.file=" + indexFile,
                "--palisade.samples.directory=" + Path.of("zones").toAbsolutePath(),
                "--palisade.samples.import-on-empty=true",
                // Nothing is written before the stop: what is stored afterwards was written on the
                // way down.
                "--palisade.stats.flush-interval=1h",
                "--palisade.index.save-interval=1h"))) {
      String started = child.awaitOutput("Started PalisadeApplication", Duration.ofSeconds(180));
      assertThat(started).as("the application started:\n%s", child.tail()).contains("Started");
      Matcher port = DNS_PORT.matcher(started);
      assertThat(port.find()).as("the DNS port is logged").isTrue();
      Dig dig = new Dig(Integer.parseInt(port.group(1)));
      for (int i = 0; i < 3; i++) {
        assertThat(Dig.addresses(dig.udp("1.2.0.192.demo.bl.rbl.palisade.test", Type.A)))
            .as("a listed sample address")
            .containsExactly("127.0.0.2");
      }

      child.process().destroy(); // SIGTERM, as systemctl stop sends
      boolean ended = child.awaitEnd(Duration.ofSeconds(120));

      String log = child.output();
      assertThat(ended).as("the process ended; output:\n%s", child.tail()).isTrue();
      assertThat(log)
          .as("the way down, without errors:\n%s", child.tail())
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
    }
  }

  private static long number(Statement sql, String query) throws Exception {
    try (ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }
}
