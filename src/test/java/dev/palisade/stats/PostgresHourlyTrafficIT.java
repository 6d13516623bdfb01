package dev.palisade.stats;

import dev.palisade.support.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link HourlyTrafficContract} on a real PostgreSQL server. */
class PostgresHourlyTrafficIT extends HourlyTrafficContract {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }

  @Override
  String database() {
    return "postgresql";
  }
}
