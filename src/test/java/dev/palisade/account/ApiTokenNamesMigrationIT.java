package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Migration V22 on H2 and on PostgreSQL: token names given twice in one account (or among operator
 * tokens) before it keep the first token's name, every later token gets its id as a suffix, and
 * from then on the database refuses a second name in an account.
 */
class ApiTokenNamesMigrationIT {

  @RegisterExtension static final PostgresDatabase postgres = new PostgresDatabase();

  @Test
  void renamesDuplicatesWithTheirIdOnH2() throws SQLException {
    String url = "jdbc:h2:mem:v22-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      check(connection);
    }
  }

  @Test
  void renamesDuplicatesWithTheirIdOnPostgres() throws SQLException {
    try (Connection connection = postgres.connect()) {
      check(connection);
    }
  }

  private static void check(Connection connection) throws SQLException {
    SingleConnectionDataSource source = new SingleConnectionDataSource(connection, true);
    String schema = connection.getSchema();
    Flyway.configure()
        .dataSource(source)
        .schemas(schema)
        .locations("classpath:db/migration")
        .target(versionBefore22(source, schema))
        .load()
        .migrate();
    JdbcTemplate jdbc = new JdbcTemplate(source);
    jdbc.update("insert into account (id, slug, name, created_at) values (1, 'acme', 'A', now())");
    jdbc.update("insert into account (id, slug, name, created_at) values (2, 'beta', 'B', now())");
    token(jdbc, 10, 1L, "fail2ban");
    token(jdbc, 11, 1L, "fail2ban");
    token(jdbc, 12, 2L, "fail2ban");
    token(jdbc, 13, 1L, "fail2ban");
    token(jdbc, 14, null, "bootstrap");
    token(jdbc, 15, null, "bootstrap");
    token(jdbc, 16, 1L, "x".repeat(100));
    token(jdbc, 17, 1L, "x".repeat(100));

    Flyway.configure()
        .dataSource(source)
        .schemas(schema)
        .locations("classpath:db/migration")
        .load()
        .migrate();

    List<String> names = jdbc.queryForList("select name from api_token order by id", String.class);
    assertThat(names)
        .containsExactly(
            "fail2ban",
            "fail2ban (11)",
            "fail2ban",
            "fail2ban (13)",
            "bootstrap",
            "bootstrap (15)",
            "x".repeat(100),
            "x".repeat(85) + " (17)");
    assertThatThrownBy(() -> token(jdbc, 18, 2L, "fail2ban"))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  /** The last migration before V22, whichever it is as migrations are added. */
  private static MigrationVersion versionBefore22(DataSource source, String schema) {
    MigrationVersion v22 = MigrationVersion.fromVersion("22");
    return Arrays.stream(
            Flyway.configure()
                .dataSource(source)
                .schemas(schema)
                .locations("classpath:db/migration")
                .load()
                .info()
                .all())
        .map(MigrationInfo::getVersion)
        .filter(version -> version.compareTo(v22) < 0)
        .max(MigrationVersion::compareTo)
        .orElseThrow();
  }

  private static void token(JdbcTemplate jdbc, long id, Long accountId, String name) {
    jdbc.update(
        "insert into api_token (id, name, token_hash, token_prefix, operator, account_id,"
            + " can_write, created_at, created_by) values (?, ?, ?, 'pal_x', ?, ?, true, now(),"
            + " 'test')",
        id,
        name,
        "%064d".formatted(id),
        accountId == null,
        accountId);
  }
}
