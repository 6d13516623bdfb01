package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.support.CapturedLog;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An import in parts that a killed process left half way keeps its {@code import_run} row, which
 * holds the scope in the index. On an embedded H2 database only this process can have been running
 * it, so the start releases the scope: DNS answers what the database holds, and later writes again.
 */
class ImportLeftAtStartIT {

  private static final Actor ACTOR = Actor.system("test");

  @TempDir Path directory;

  @Test
  void aStartOnAnEmbeddedDatabaseReleasesAScopeALeftImportHeld() {
    List<String> database =
        List.of(
            "--spring.profiles.active=test",
            "--spring.datasource.url=jdbc:h2:file:"
                + directory.resolve("palisade")
                + ";AUTO_SERVER=FALSE",
            "--palisade.index.file=" + directory.resolve("palisade.index"),
            // Every change of more than one entry is read again from the database, as a part is.
            "--palisade.listing.max-listed-change=1");
    ScopeInfo scope;
    ConfigurableApplicationContext first = PalisadeApplication.start(array(database));
    try {
      Accounts accounts = first.getBean(Accounts.class);
      scope = accounts.accountScope(accounts.createAccount("left", null, ACTOR).getId());
      IndexFileRestartContract.add(
          first, scope, IndexFileRestartContract.block("192.0.2.1", null, "before"));
      // What an import killed after its first part leaves: its row, and a part DNS has not taken.
      first
          .getBean(JdbcTemplate.class)
          .update(
              "insert into import_run (scope_id, started_at, started_by) values (?, ?, ?)",
              scope.id(),
              Timestamp.from(Instant.now()),
              ACTOR.name());
      IndexFileRestartContract.add(
          first,
          scope,
          IndexFileRestartContract.block("192.0.2.2", null, "part"),
          IndexFileRestartContract.block("192.0.2.3", null, "part"));
      assertThat(answer(first, scope, "2.2.0.192")).as("held").startsWith("NXDOMAIN");
    } finally {
      first.close();
    }

    long mark = CapturedLog.mark();
    ConfigurableApplicationContext restarted = PalisadeApplication.start(array(database));
    try {
      assertThat(
              restarted
                  .getBean(JdbcTemplate.class)
                  .queryForObject("select count(*) from import_run", Long.class))
          .isZero();
      assertThat(answer(restarted, scope, "1.2.0.192")).startsWith("NOERROR");
      assertThat(answer(restarted, scope, "2.2.0.192")).as("the part stored").startsWith("NOERROR");
      IndexFileRestartContract.add(
          restarted,
          scope,
          IndexFileRestartContract.block("192.0.2.4", null, "later"),
          IndexFileRestartContract.block("192.0.2.5", null, "later"));
      assertThat(answer(restarted, scope, "4.2.0.192")).as("a later write").startsWith("NOERROR");
    } finally {
      restarted.close();
    }
    String log = CapturedLog.since(mark);
    assertThat(log.lines().filter(line -> line.startsWith("WARN") && line.contains(scope.label())))
        .singleElement()
        .asString()
        .contains("not completed");
  }

  private static String answer(
      ConfigurableApplicationContext application, ScopeInfo scope, String reversed) {
    return IndexFileRestartContract.answer(
        application, reversed + "." + scope.label() + ".bl" + IndexFileRestartContract.ZONE);
  }

  private static String[] array(List<String> arguments) {
    return arguments.toArray(String[]::new);
  }
}
