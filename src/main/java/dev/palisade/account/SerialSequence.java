package dev.palisade.account;

import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.jdbc.support.incrementer.DataFieldMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.H2SequenceMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.PostgresSequenceMaxValueIncrementer;
import org.springframework.stereotype.Component;

/**
 * Hands out zone serials from the database sequence {@code change_serial}. Every value is higher
 * than every value handed out before, on every node sharing the database and across restarts, so a
 * server zone's serial (the higher of its own and its account's) increases whenever either changes.
 *
 * <p>Thread-safe.
 */
@Component
class SerialSequence {

  private final DataFieldMaxValueIncrementer incrementer;

  SerialSequence(DataSource dataSource) throws MetaDataAccessException {
    String product = JdbcUtils.extractDatabaseMetaData(dataSource, "getDatabaseProductName");
    this.incrementer =
        switch (product) {
          case "PostgreSQL" -> new PostgresSequenceMaxValueIncrementer(dataSource, "change_serial");
          case "H2" -> new H2SequenceMaxValueIncrementer(dataSource, "change_serial");
          default -> throw new IllegalStateException("unsupported database: " + product);
        };
  }

  long next() {
    return incrementer.nextLongValue();
  }
}
