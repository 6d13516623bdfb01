package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The stamps a start reads before it may take scopes from the index file: on H2, every sub-query
 * reads its index in order and stops at the first row, however many entries a scope holds. H2's
 * planner, once it has statistics of a large scope, preferred the foreign key's index on the scope
 * alone and sorted all of the scope's rows for the highest id: at 1M entries that was 10 s of a 14
 * s restart.
 */
class ScopeStampsPlanIT {

  @TempDir Path dir;

  @Test
  void eachSubQueryReadsItsIndexInOrderOnALargeAnalysedScope() {
    JdbcDataSource data = new JdbcDataSource();
    data.setURL("jdbc:h2:file:" + dir.resolve("stamps") + ";DB_CLOSE_DELAY=-1");
    data.setUser("sa");
    Flyway.configure()
        .dataSource(data)
        .locations("classpath:db/migration")
        .javaMigrations(new EntrySortKeyMigration())
        .load()
        .migrate();
    JdbcTemplate jdbc = new JdbcTemplate(data);
    jdbc.update("insert into account (slug, name, created_at) values ('a', 'A', now())");
    jdbc.update(
        "insert into scope (account_id, zone_label, serial) select id, 'a', 1 from account");
    jdbc.update(
        "insert into entry (id, scope_id, list_kind, value_type, entry_value, sort_key, enabled,"
            + " source, created_by, created_at, updated_by, updated_at, version)"
            + " select x + 1, s.id, 'BLOCK', 'IPV4', '10.0.' || (x / 256) || '.' || mod(x, 256),"
            + " 'k' || x, true, 'API', 't', now(), 't', now(), 0"
            + " from scope s cross join system_range(0, 59999) r(x)");
    jdbc.execute("analyze");

    String plan = jdbc.queryForObject("explain " + ScopeStamps.select(false), String.class);

    assertThat(plan).doesNotContain("index sorted: ").contains("index sorted");
    assertThat(new ScopeStamps(data).read(Instant.EPOCH).values())
        .singleElement()
        .satisfies(stamp -> assertThat(stamp.maxEntryId()).isPositive());
  }
}
