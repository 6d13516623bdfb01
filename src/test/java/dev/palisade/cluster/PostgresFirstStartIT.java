package dev.palisade.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes started at the same moment on an empty PostgreSQL schema, as a fresh two-node
 * installation starts: both come up, the schema is migrated once, and what a first start creates —
 * the sample lists, the first web UI operator, the first operator API token — exists once.
 */
class PostgresFirstStartIT {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void twoNodesStartedTogetherOnAnEmptyDatabaseBothStartAndCreateEverythingOnce() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<ConfigurableApplicationContext>> nodes = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      nodes.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
                return node(name);
              }));
    }
    go.countDown();
    List<ConfigurableApplicationContext> started = new ArrayList<>();
    try {
      for (CompletableFuture<ConfigurableApplicationContext> node : nodes) {
        started.add(node.get(4, TimeUnit.MINUTES));
      }
      assertThat(count("select count(*) from app_user")).as("web UI users").isEqualTo(1);
      assertThat(count("select count(*) from api_token where operator"))
          .as("operator tokens")
          .isEqualTo(1);
      // The sample manifest holds one account (demo) with one mail server (mx1).
      assertThat(count("select count(*) from account")).as("accounts").isEqualTo(1);
      assertThat(count("select count(*) from mail_server")).as("mail servers").isEqualTo(1);
      assertThat(count("select count(*) from entry where source = 'SAMPLE'")).isPositive();
    } finally {
      for (CompletableFuture<ConfigurableApplicationContext> node : nodes) {
        node.thenAccept(ConfigurableApplicationContext::close);
      }
    }
  }

  private ConfigurableApplicationContext node(String name) {
    List<String> arguments = new ArrayList<>(database.arguments());
    arguments.add("--palisade.cluster.node-name=first-" + name + "-" + run);
    arguments.add("--palisade.samples.import-on-empty=true");
    return PalisadeApplication.start(arguments.toArray(String[]::new));
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
