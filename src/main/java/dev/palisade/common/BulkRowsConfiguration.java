package dev.palisade.common;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** Chooses how bulk writes reach the database: the {@link BulkRows} that fits the one in use. */
@Configuration(proxyBeanMethods = false)
class BulkRowsConfiguration {

  /** {@code COPY} on PostgreSQL, JDBC batches on anything else (the embedded H2). */
  @Bean
  BulkRows bulkRows(JdbcTemplate jdbc) {
    String product =
        jdbc.execute(
            (ConnectionCallback<String>)
                connection -> connection.getMetaData().getDatabaseProductName());
    return "PostgreSQL".equals(product) ? new PostgresCopyRows(jdbc) : new JdbcBatchRows(jdbc);
  }
}
