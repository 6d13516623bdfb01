package dev.palisade.api;

import dev.palisade.support.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link EntryApiIT} on a real PostgreSQL server, where single-entry writes find their scope by
 * {@code update ... returning} and delete with {@code delete ... returning}.
 */
class PostgresEntryApiIT extends EntryApiIT {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }
}
