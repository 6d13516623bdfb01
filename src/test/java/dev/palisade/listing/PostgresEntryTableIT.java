package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.PostgresDatabase;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link EntryTableIT} on a real PostgreSQL server, which sorts nulls and compares the list of tied
 * values in its own way: the orders must come out the same as on H2.
 */
class PostgresEntryTableIT extends EntryTableIT {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }

  /**
   * Values and sort keys are compared byte by byte whatever the database was created with ({@link
   * EntryValueCollationMigration}; the test database's {@code C.UTF-8} is not {@code "C"} to
   * PostgreSQL): so {@code like 'prefix%'} is an index range, as a search of every account's
   * entries needs, and the import's value indexes and sorts skip the C library's {@code strcoll}.
   */
  @Test
  void valuesAreComparedByteByByteSoAPrefixIsAnIndexRange() {
    List<String> collations =
        jdbc.queryForList(
            "select column_name || ' ' || coalesce(collation_name, 'default') from"
                + " information_schema.columns where table_schema = current_schema()"
                + " and table_name = 'entry' and column_name in ('entry_value', 'sort_key')"
                + " order by column_name",
            String.class);
    List<String> plan =
        jdbc.execute(
            (ConnectionCallback<List<String>>)
                connection -> {
                  List<String> lines = new ArrayList<>();
                  connection.setAutoCommit(false);
                  try (var statement = connection.createStatement()) {
                    statement.execute("set local enable_seqscan = off");
                    try (ResultSet rows =
                        statement.executeQuery(
                            "explain select id from entry where entry_value like '192.0.2.%'")) {
                      while (rows.next()) {
                        lines.add(rows.getString(1));
                      }
                    }
                  } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                  }
                  return lines;
                });

    assertThat(collations).containsExactly("entry_value C", "sort_key C");
    assertThat(String.join("\n", plan))
        .contains("Index Cond: (((entry_value)::text >= '192.0.2.'::text)")
        .doesNotContain("Seq Scan");
  }
}
