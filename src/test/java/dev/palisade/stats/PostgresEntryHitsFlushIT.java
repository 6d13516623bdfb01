package dev.palisade.stats;

import dev.palisade.support.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link EntryHitsFlushContract} on a real PostgreSQL server: the counts travel with {@code COPY}.
 */
class PostgresEntryHitsFlushIT extends EntryHitsFlushContract {

  private static PostgresDatabase database;

  @BeforeAll
  static void createSchema() {
    database = PostgresDatabase.create();
  }

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    PostgresDatabase.register(registry, () -> database);
  }

  @AfterAll
  static void dropSchema() {
    if (database != null) {
      database.drop();
    }
  }
}
