package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V21_1 on a database that already holds entries: every row gets the sort key new rows
 * get, the column then refuses to be empty, and the table orders by it numerically.
 */
class EntrySortKeyMigrationIT {

  @Test
  void givesStoredEntriesTheirSortKeys() {
    JdbcDataSource data = new JdbcDataSource();
    data.setURL("jdbc:h2:mem:sortkey" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    JdbcTemplate jdbc = new JdbcTemplate(data);
    flyway(data, "21").migrate();
    jdbc.update("insert into account (slug, name, created_at) values ('a', 'A', now())");
    jdbc.update(
        "insert into scope (account_id, zone_label, serial) select id, 'a', 1 from account");
    String[][] rows = {
      {"IPV4", "10.1.2.10"}, {"IPV4", "10.1.2.2"}, {"IPV6", "2001:db8::10"}, {"DOMAIN", ".x.org"}
    };
    long id = 1;
    for (String[] row : rows) {
      jdbc.update(
          "insert into entry (id, scope_id, list_kind, value_type, entry_value, enabled, source,"
              + " created_by, created_at, updated_by, updated_at, version)"
              + " select ?, id, 'BLOCK', ?, ?, true, 'API', 't', now(), 't', now(), 0 from scope",
          id++,
          row[0],
          row[1]);
    }

    flyway(data, "latest").migrate();

    assertThat(
            jdbc.queryForList(
                "select entry_value from entry order by scope_id, sort_key, list_kind",
                String.class))
        .containsExactly("10.1.2.2", "10.1.2.10", "2001:db8::10", ".x.org");
    assertThat(jdbc.queryForList("select sort_key from entry order by id", String.class))
        .isEqualTo(
            List.of(
                "40a01020a20", "40a01020220", "620010db800000000000000000000001080", "d.x.org"));
    assertThat(
            jdbc.queryForObject(
                "select is_nullable from information_schema.columns"
                    + " where lower(table_name) = 'entry' and lower(column_name) = 'sort_key'",
                String.class))
        .isEqualTo("NO");
  }

  private static Flyway flyway(JdbcDataSource data, String target) {
    return Flyway.configure()
        .dataSource(data)
        .locations("classpath:db/migration")
        .javaMigrations(new EntrySortKeyMigration())
        .target(target)
        .load();
  }
}
