package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.palisade.PalisadeApplication;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.RefusingPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node given a user name or password the database refuses does not start, and says so in one line
 * naming the cause and the settings to fix, not with a stack trace: a wrong password does not fix
 * itself, so waiting for it would only hide it. The same when the database was unreachable at first
 * and refuses the login once it is back. The database is a stand-in that refuses every login
 * ({@link RefusingPostgres}): the shared test server trusts every one.
 */
class WrongDatabaseLoginIT {

  private static final String REFUSED = "password authentication failed for user \"palisade\"";

  @TempDir Path directory;

  @Test
  void aPasswordTheDatabaseRefusesStopsTheStartWithOneLineSayingSo() throws Exception {
    try (RefusingPostgres database = new RefusingPostgres(0, "28P01", REFUSED)) {
      long marker = CapturedLog.mark();

      Throwable refused = catchThrowable(() -> start(database.port()).close());

      assertRefusedInOneLine(refused, marker);
    }
  }

  @Test
  void aDatabaseThatIsBackButRefusesThePasswordStopsTheWaitingStartWithOneLineSayingSo()
      throws Exception {
    int port = freePort();
    long marker = CapturedLog.mark();
    CompletableFuture<Throwable> starting =
        CompletableFuture.supplyAsync(() -> catchThrowable(() -> start(port).close()));
    Thread.sleep(2_000); // waiting for the database: nothing listens yet
    assertThat(starting).isNotDone();
    try (RefusingPostgres database = new RefusingPostgres(port, "28P01", REFUSED)) {
      Throwable refused = starting.get(2, TimeUnit.MINUTES);

      assertRefusedInOneLine(refused, marker);
    }
  }

  private ConfigurableApplicationContext start(int databasePort) throws IOException {
    return PalisadeApplication.start(
        "--spring.profiles.active=test,postgres",
        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + databasePort + "/palisade",
        "--spring.datasource.username=palisade",
        "--spring.datasource.password=wrong",
        "--palisade.index.file=" + directory.resolve("none.index"),
        "--server.port=" + freePort(),
        "--palisade.dns.port=0");
  }

  private static void assertRefusedInOneLine(Throwable refused, long marker) {
    assertThat(refused)
        .isInstanceOf(StartRefused.class)
        .hasMessageContaining(REFUSED)
        .hasMessageContaining("spring.datasource.password");
    String since = CapturedLog.since(marker);
    assertThat(since).contains("cannot start: the database refused the login");
    assertThat(since).doesNotContain(CapturedLog.STACK_TRACE);
    assertThat(since).doesNotContain("Application run failed");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
