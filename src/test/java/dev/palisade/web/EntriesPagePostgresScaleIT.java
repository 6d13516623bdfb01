package dev.palisade.web;

import dev.palisade.support.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The entries page at scale on PostgreSQL, with the connection settings of the {@code postgres}
 * profile. Runs in every build with 200,000 entries, so CI stays quick; {@code
 * -Dpalisade.scale.entries=1000000} measures a million.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "palisade.users.bootstrap-password=" + EntriesPageScale.PASSWORD,
      "spring.datasource.hikari.data-source-properties.reWriteBatchedInserts=true",
      "spring.datasource.hikari.data-source-properties.prepareThreshold=0"
    })
@ActiveProfiles("test")
class EntriesPagePostgresScaleIT extends EntriesPageScale {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }

  @Override
  int entries() {
    return Integer.getInteger("palisade.scale.entries", 200_000);
  }

  @Override
  String database() {
    return "postgresql";
  }

  @Override
  void analyze(JdbcTemplate jdbc) {
    jdbc.execute("vacuum analyze entry");
  }
}
