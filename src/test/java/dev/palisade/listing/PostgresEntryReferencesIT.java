package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link EntryReferencesContract} on a real PostgreSQL server, where triggers keep it once per
 * statement ({@link EntryReferencesMigration}); and what makes them worth it there: no check row by
 * row on an insert, and the scope locked against deletion as a foreign key locks it.
 */
class PostgresEntryReferencesIT extends EntryReferencesContract {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }

  @Autowired DataSource dataSource;

  /**
   * A foreign key's check on insert is PostgreSQL's internal trigger {@code RI_FKey_check_ins}, run
   * once per new row: a million-entry import paid for two million of them.
   */
  @Test
  void anInsertIntoEntryRunsNoCheckRowByRow() {
    Long rowChecks =
        jdbc.queryForObject(
            "select count(*) from pg_trigger t join pg_proc p on p.oid = t.tgfoid"
                + " where t.tgrelid = 'entry'::regclass and p.proname = 'RI_FKey_check_ins'",
            Long.class);
    String feedIndex =
        jdbc.queryForObject(
            "select indexdef from pg_indexes where schemaname = current_schema()"
                + " and indexname = 'entry_feed'",
            String.class);

    assertThat(rowChecks).isZero();
    assertThat(feedIndex).endsWith("WHERE (feed_id IS NOT NULL)");
  }

  @Test
  void aScopeWithAnEntryInsertedByAnOpenTransactionCannotBeDeletedUntilItEnds()
      throws SQLException {
    try (Connection writer = dataSource.getConnection();
        Connection deleter = dataSource.getConnection()) {
      insertUncommitted(writer, 1999999999L, "192.0.2.20");
      try (Statement delete = deleter.createStatement()) {
        delete.execute("set lock_timeout = '300ms'");
        assertThatThrownBy(
                () -> delete.executeUpdate("delete from scope where id = " + serverScope))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("lock timeout");
      }
      writer.commit();
    }
    assertThat(count("id = 1999999999 and scope_id = " + serverScope)).isOne();
  }

  /**
   * The deletion that waited for the writer deletes what the writer committed meanwhile: no entry
   * is left naming a scope that is gone.
   */
  @Test
  void aScopeDeletedWhileAnEntryIsInsertedTakesTheEntryWithIt() throws Exception {
    try (Connection writer = dataSource.getConnection();
        Connection deleter = dataSource.getConnection()) {
      insertUncommitted(writer, 1999999998L, "192.0.2.21");
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Integer> deletion =
            pool.submit(
                () -> {
                  try (Statement delete = deleter.createStatement()) {
                    return delete.executeUpdate("delete from scope where id = " + serverScope);
                  }
                });
        awaitWaitingForALock(deleter);
        assertThat(deletion).isNotDone();
        writer.commit();

        assertThat(deletion.get(10, TimeUnit.SECONDS)).isOne();
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(count("scope_id = " + serverScope)).isZero();
  }

  /** Inserts an entry into the server's scope in a transaction left open on {@code writer}. */
  private void insertUncommitted(Connection writer, long id, String value) throws SQLException {
    writer.setAutoCommit(false);
    try (Statement insert = writer.createStatement()) {
      insert.executeUpdate(
          "insert into entry (id, scope_id, list_kind, value_type, entry_value, sort_key,"
              + " enabled, source, created_by, created_at, updated_by, updated_at, version)"
              + " values ("
              + id
              + ", "
              + serverScope
              + ", 'BLOCK', 'IPV4', '"
              + value
              + "', 'k', true, 'API', 't', now(), 't', now(), 0)");
    }
  }

  /** Waits until the connection's backend waits for a lock. */
  private void awaitWaitingForALock(Connection connection) throws Exception {
    int pid = connection.unwrap(PGConnection.class).getBackendPID();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Boolean.TRUE.equals(
        jdbc.queryForObject(
            "select wait_event_type = 'Lock' from pg_stat_activity where pid = ?",
            Boolean.class,
            pid))) {
      assertThat(System.nanoTime()).as("the deletion waits for the writer").isLessThan(until);
      Thread.sleep(20);
    }
  }
}
