package dev.palisade.listing;

import dev.palisade.support.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
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
}
