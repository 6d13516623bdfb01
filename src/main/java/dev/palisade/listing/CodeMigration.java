package dev.palisade.listing;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema migration written in Java rather than SQL, run by Flyway with the SQL ones in version
 * order, in a transaction of its own. It has no checksum: the code, not a script, is the migration.
 */
public abstract class CodeMigration implements JavaMigration {

  private final MigrationVersion version;
  private final String description;

  CodeMigration(String version, String description) {
    this.version = MigrationVersion.fromVersion(version);
    this.description = description;
  }

  @Override
  public final MigrationVersion getVersion() {
    return version;
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return null;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return true;
  }

  /**
   * Runs the statements in order when the database is {@code product} (as its JDBC driver names it:
   * {@code "PostgreSQL"}, {@code "H2"}), and nothing elsewhere: for a migration that only one
   * database needs.
   */
  static void executeOn(Context context, String product, String... statements) throws SQLException {
    if (!product.equals(context.getConnection().getMetaData().getDatabaseProductName())) {
      return;
    }
    try (Statement ddl = context.getConnection().createStatement()) {
      for (String statement : statements) {
        ddl.execute(statement);
      }
    }
  }
}
