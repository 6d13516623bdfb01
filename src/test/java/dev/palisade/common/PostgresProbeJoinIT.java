package dev.palisade.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link PostgresCopyRows#probeJoin} on a real PostgreSQL server: staged rows are looked up one
 * index probe each, where a plain join of the same tables is planned as a hash join that reads the
 * whole table (as it was for the entry hits flush and the bulk lookups).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresProbeJoinIT {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  private static final List<String> STAGED =
      List.of("scope_id bigint not null", "v varchar(40) not null");

  private Connection connection;
  private JdbcTemplate jdbc;
  private TransactionTemplate transaction;
  private PostgresCopyRows rows;

  @BeforeAll
  void createTable() throws SQLException {
    connection = database.connect();
    SingleConnectionDataSource source = new SingleConnectionDataSource(connection, true);
    jdbc = new JdbcTemplate(source);
    transaction = new TransactionTemplate(new DataSourceTransactionManager(source));
    rows = new PostgresCopyRows(jdbc);
    jdbc.execute(
        "create table target (id bigint primary key, scope_id bigint not null,"
            + " v varchar(40) not null, unique (scope_id, v))");
    jdbc.execute("insert into target select i, i % 3, 'v' || i from generate_series(1, 200000) i");
    jdbc.execute("analyze target");
  }

  @AfterAll
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void stagedRowsAreLookedUpInTheUniqueIndexAndOnlyMatchesCome() {
    // 5,000 staged rows: the even values exist (in scope value % 3), the odd ones above 200,000
    // and the ones given the wrong scope do not.
    List<Object[]> staged = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 5000; i++) {
      long value = i * 2 + (i % 4 == 0 ? 300001 : 0);
      long scope = i % 5 == 0 ? (value + 1) % 3 : value % 3;
      staged.add(new Object[] {scope, "v" + value});
      if (value <= 200000 && scope == value % 3) {
        expected.add(value);
      }
    }
    String from =
        rows.probeJoin("probe_stage s", "target t", "t.scope_id = s.scope_id and t.v = s.v");

    transaction.executeWithoutResult(
        status -> {
          rows.stage("probe_stage", STAGED, staged);
          String plan =
              String.join(
                  "\n", jdbc.queryForList("explain select t.id from " + from, String.class));
          assertThat(plan)
              .contains("Index Scan")
              .doesNotContain("Hash")
              .doesNotContain("Seq Scan on target");
          assertThat(jdbc.queryForList("select t.id from " + from, Long.class))
              .containsExactlyInAnyOrderElementsOf(expected);
        });
  }
}
