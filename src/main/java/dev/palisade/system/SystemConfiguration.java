package dev.palisade.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Scheduled jobs and the way bulk writes reach the database. (The clock every feature reads time
 * from is in {@link DnsContext}.)
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

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
