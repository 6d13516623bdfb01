package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.support.PostgresDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line import of a file far larger than its heap, as an admin runs it: {@code main} in
 * a child JVM whose heap the test caps ({@code -Xmx}), once into an empty account and once more
 * with the same file, which must then write nothing at all — no entry, no audit record, no change
 * in the feed, no new serial. On H2 (a file database, as shipped) and on PostgreSQL.
 */
class LargeImportIT {

  /**
   * Lines of the generated file: small enough that the four imports of this class take well under a
   * minute on an idle machine.
   */
  static final int LINES = 100_000;

  /**
   * The heap of the child JVM. The packaged jar of the import that held every entry in memory ran
   * out of heap on this file under -Xmx64m on PostgreSQL and on H2 (deploy/bench/IMPORTS.md), but
   * this test's JVM (the test classpath and profile) did not start its PostgreSQL import under 64
   * MB either, and H2 keeps its cache and the open transaction in the same heap; so the cap here is
   * 128 MB, under which the old import still got through this file on H2. It keeps the import from
   * holding much more than a batch; it does not show that the old import fails.
   */
  static final String HEAP = "-Xmx128m";

  /**
   * Lines of the file that {@link #aFileOfManyTransactionsIsImportedOnH2UnderASmallHeap} imports
   * under {@link #HEAP}: H2 keeps an open transaction's rows in the heap, about 350 bytes an entry
   * (deploy/bench/IMPORTS.md), so 400,000 entries in one transaction (140 MB) do not fit in 128 MB.
   */
  static final int MANY_LINES = 400_000;

  /** The transactions of that import: 50,000 entries, some 17 MB of H2's heap each. */
  static final int TRANSACTION_ENTRIES = 50_000;

  @RegisterExtension static final PostgresDatabase postgres = new PostgresDatabase();

  @TempDir Path dir;

  @Test
  void aFileLargerThanTheHeapIsImportedOnH2AndImportingItAgainWritesNothing() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("palisade") + ";DB_CLOSE_ON_EXIT=FALSE";
    importTwice(
        HEAP,
        List.of("--spring.datasource.url=" + url),
        () -> DriverManager.getConnection(url, "sa", ""));
  }

  /**
   * An import on H2 larger than one transaction fits in a heap its transaction fits in: on H2 one
   * transaction of the whole file ran out of this heap ({@code OutOfMemoryError}, exit code 3).
   */
  @Test
  void aFileOfManyTransactionsIsImportedOnH2UnderASmallHeap() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("palisade") + ";DB_CLOSE_ON_EXIT=FALSE";
    importTwice(
        HEAP,
        List.of(
            "--spring.datasource.url=" + url,
            "--palisade.imports.transaction-entries=" + TRANSACTION_ENTRIES),
        () -> DriverManager.getConnection(url, "sa", ""),
        MANY_LINES);
  }

  @Test
  void aFileLargerThanTheHeapIsImportedOnPostgresAndImportingItAgainWritesNothing()
      throws Exception {
    importTwice(HEAP, postgres.arguments(), postgres::connect);
  }

  private void importTwice(String heap, List<String> database, Connect connect) throws Exception {
    importTwice(heap, database, connect, LINES);
  }

  private void importTwice(String heap, List<String> database, Connect connect, int lines)
      throws Exception {
    Path file = generate(dir.resolve("big.ip4set"), lines);

    Run first = run(heap, database, file);
    assertThat(first.exit).as(first.output).isZero();
    assertThat(first.output)
        .contains("imported " + (lines + 1) + " entries")
        .contains(lines + " new, 0 updated, 0 unchanged, 1 repeated");
    State before = state(connect);
    assertThat(before.entries).isEqualTo(lines);

    Run second = run(heap, database, file);
    assertThat(second.exit).as(second.output).isZero();
    assertThat(second.output).contains("0 new, 0 updated, " + lines + " unchanged");
    assertThat(state(connect)).isEqualTo(before);
  }

  /**
   * An ip4set of {@code lines} distinct addresses under a default value, and one address repeated
   * at the end with another reason, which must not replace the first (rbldnsd's rule).
   */
  private static Path generate(Path file, int lines) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write(":127.0.0.2:Listed $ for spam\n");
      for (int i = 0; i < lines; i++) {
        out.write("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff) + "\n");
      }
      out.write("10.0.0.0 :127.0.0.3:repeated\n");
    }
    return file;
  }

  private Run run(String heap, List<String> database, Path file) throws Exception {
    Path output = dir.resolve("import-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PalisadeApplication.class.getName());
    command.add("import");
    command.add("--account=big");
    command.add("--list=block");
    command.add("--format=ip4set");
    command.add("--create");
    command.addAll(database);
    command.add(file.toString());
    Process child =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      boolean ended = child.waitFor(10, TimeUnit.MINUTES);
      assertThat(ended).as(Files.readString(output)).isTrue();
      return new Run(child.exitValue(), Files.readString(output));
    } finally {
      child.destroyForcibly();
    }
  }

  /** What the database holds for the account: entries, audit records, feed rows, serial. */
  private static State state(Connect connect) throws SQLException {
    try (Connection connection = connect.open();
        Statement sql = connection.createStatement()) {
      long scope =
          one(
              sql,
              "select s.id from scope s join account a on a.id = s.account_id"
                  + " where a.slug = 'big' and s.mail_server_id is null");
      return new State(
          one(sql, "select count(*) from entry where scope_id = " + scope),
          one(sql, "select count(*) from audit_event where scope_label = 'big'"),
          one(sql, "select count(*) from change_log where scope_id = " + scope),
          one(sql, "select serial from scope where id = " + scope));
    }
  }

  private static long one(Statement sql, String query) throws SQLException {
    try (ResultSet row = sql.executeQuery(query)) {
      assertThat(row.next()).as(query).isTrue();
      return row.getLong(1);
    }
  }

  @FunctionalInterface
  private interface Connect {
    Connection open() throws SQLException;
  }

  private record Run(int exit, String output) {}

  private record State(long entries, long audited, long feedRows, long serial) {}
}
