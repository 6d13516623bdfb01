package dev.palisade.stats;

import dev.palisade.support.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link EntryHitsFlushContract} on a real PostgreSQL server: the counts travel with {@code COPY}.
 */
class PostgresEntryHitsFlushIT extends EntryHitsFlushContract {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }
}
