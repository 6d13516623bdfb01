package dev.palisade.audit;

import dev.palisade.support.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AuditLogContract} on a real PostgreSQL server: large batches travel with {@code COPY}. */
class PostgresAuditLogIT extends AuditLogContract {

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @DynamicPropertySource
  static void postgres(DynamicPropertyRegistry registry) {
    database.register(registry);
  }
}
