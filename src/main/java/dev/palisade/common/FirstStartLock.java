package dev.palisade.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.stereotype.Component;

/**
 * One lock for the whole database around what a start creates when the database is empty (the first
 * web UI operator, the first operator API token, the sample lists), so that nodes starting together
 * on one new PostgreSQL database create each once: the second waits until the first is done and
 * then finds it there. On PostgreSQL a session advisory lock, held on a connection of its own for
 * the duration; other databases need none (an embedded H2 database belongs to one process, whose
 * starts come one after another). Flyway takes its own advisory lock around migrations.
 *
 * <p>Thread-safe.
 */
@Component
public final class FirstStartLock {

  /** The advisory lock's key: "palisade" in ASCII, unlikely to meet another application's. */
  private static final long KEY = 0x70616c6973616465L;

  private final DataSource dataSource;

  public FirstStartLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs {@code create} under the lock when {@code needed} says so; {@code needed} is asked again
   * under the lock, so that what another node created meanwhile is not created twice.
   */
  public void createIfNeeded(BooleanSupplier needed, Runnable create) {
    if (!needed.getAsBoolean()) {
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
      if (postgres) {
        advisory(connection, "select pg_advisory_lock(?)");
      }
      try {
        if (needed.getAsBoolean()) {
          create.run();
        }
      } finally {
        if (postgres) {
          advisory(connection, "select pg_advisory_unlock(?)");
        }
      }
    } catch (SQLException e) {
      throw new CannotGetJdbcConnectionException("cannot take the first-start lock", e);
    }
  }

  private static void advisory(Connection connection, String sql) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, KEY);
      statement.execute();
    } catch (SQLException e) {
      throw new UncategorizedSQLException("first-start lock", sql, e);
    }
  }
}
