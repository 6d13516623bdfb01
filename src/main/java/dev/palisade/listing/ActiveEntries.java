package dev.palisade.listing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams every entry DNS answers at a moment straight from the database, for building the index at
 * start-up: plain JDBC with a fetch size, no JPA entity per row, so millions of rows stream in
 * constant memory.
 */
@Component
public class ActiveEntries {

  private static final String SELECT =
      "select id, scope_id, list_kind, value_type, entry_value, return_code, reason from entry"
          + " where enabled = true and (expires_at is null or expires_at > ?)";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate readOnly;
  private final ListingSettings settings;

  ActiveEntries(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, ListingSettings settings) {
    this.jdbc = new JdbcTemplate(jdbc.getDataSource());
    this.jdbc.setFetchSize(10_000);
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.settings = settings;
  }

  /**
   * Hands every entry active at {@code asOf} to the sink. Entries expiring after {@code asOf} are
   * included; removing them when they expire is the expiry job's work.
   */
  public void forEach(Instant asOf, Consumer<ActiveEntry> sink) {
    query(SELECT, sink, Timestamp.from(asOf));
  }

  /**
   * Hands the entries of one scope (or two: a mail server's and its account's) active at {@code
   * asOf} to the sink, in no particular order. For exports, which must see what DNS answers.
   */
  public void forEach(long scopeId, Long otherScopeId, Instant asOf, Consumer<ActiveEntry> sink) {
    long other = otherScopeId == null ? scopeId : otherScopeId;
    query(SELECT + " and scope_id in (?, ?)", sink, Timestamp.from(asOf), scopeId, other);
  }

  private void query(String sql, Consumer<ActiveEntry> sink, Object... arguments) {
    // PostgreSQL streams with a cursor only inside a transaction.
    readOnly.executeWithoutResult(
        status ->
            jdbc.query(
                sql,
                row -> {
                  ListKind kind = ListKind.valueOf(row.getString(3));
                  ValueType type = ValueType.valueOf(row.getString(4));
                  int code = row.getInt(6);
                  int returnCode = row.wasNull() ? settings.defaultReturnCode(kind, type) : code;
                  sink.accept(
                      new ActiveEntry(
                          row.getLong(1),
                          row.getLong(2),
                          kind,
                          EntryValue.parse(row.getString(5)),
                          returnCode,
                          row.getString(7)));
                },
                arguments));
  }
}
