package dev.palisade.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.support.ChildPalisade;
import dev.palisade.support.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes started at the same moment on an empty PostgreSQL schema, as a fresh two-node
 * installation starts: both come up, the schema is migrated once, and what a first start creates —
 * the sample lists, the first web UI operator, the first operator API token — exists once.
 *
 * <p>Each node is a process of its own, as in production: two Spring Boot applications starting at
 * once in one JVM share one logging system, and each one's logging setup resets the other's.
 */
class PostgresFirstStartIT {

  private static final String STARTED = "Started PalisadeApplication";

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @TempDir Path workDir;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void twoNodesStartedTogetherOnAnEmptyDatabaseBothStartAndCreateEverythingOnce() throws Exception {
    try (ChildPalisade a = node("a");
        ChildPalisade b = node("b")) {
      for (ChildPalisade node : List.of(a, b)) {
        String output = node.awaitOutput(STARTED, Duration.ofMinutes(4));
        assertThat(output).as("the node started:\n%s", node.tail()).contains(STARTED);
      }
      assertThat(count("select count(*) from app_user")).as("web UI users").isEqualTo(1);
      assertThat(count("select count(*) from api_token where operator"))
          .as("operator tokens")
          .isEqualTo(1);
      // The sample manifest holds one account (demo) with one mail server (mx1).
      assertThat(count("select count(*) from account")).as("accounts").isEqualTo(1);
      assertThat(count("select count(*) from mail_server")).as("mail servers").isEqualTo(1);
      assertThat(count("select count(*) from entry where source = 'SAMPLE'")).isPositive();
      for (ChildPalisade node : List.of(a, b)) {
        node.process().destroy();
        node.awaitEnd(Duration.ofSeconds(60));
      }
    }
  }

  private ChildPalisade node(String name) throws Exception {
    Path dir = Files.createDirectories(workDir.resolve(name));
    List<String> arguments = new ArrayList<>(database.arguments());
    arguments.add("--palisade.cluster.node-name=first-" + name + "-" + run);
    arguments.add("--palisade.samples.import-on-empty=true");
    arguments.add("--palisade.samples.directory=" + Path.of("zones").toAbsolutePath());
    return ChildPalisade.mainClass(dir, "384m", PalisadeApplication.class, arguments);
  }

  private static long count(String query) throws Exception {
    try (Connection connection = database.connect();
        Statement sql = connection.createStatement();
        ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }
}
