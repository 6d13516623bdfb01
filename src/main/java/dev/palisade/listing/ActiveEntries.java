package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Streams every entry DNS answers at a moment straight from the database, for building the index at
 * start-up: plain JDBC, no JPA entity per row and no transaction manager, so it runs before the
 * rest of the application has started and millions of rows stream in constant memory.
 *
 * <p>Rows are decoded with as little work per row as possible, because a restart reads every entry
 * before DNS can answer: the stored value is parsed by its known type ({@link
 * EntryValue#parseStored}), default return codes are resolved once per list and type, and equal
 * consecutive reasons share one string. PostgreSQL sends the rows with {@code COPY ... TO STDOUT}
 * ({@link CopyTextEntries}): one uninterrupted stream that the server produces while this side
 * decodes, where a cursor would alternate between the two every few thousand rows, and rows decoded
 * from their bytes without a result set's objects per column.
 *
 * <p>Thread-safe. Inside a Spring transaction the query runs in it; otherwise on a connection of
 * its own, in a read-only transaction of its own (PostgreSQL streams with a cursor only outside
 * auto-commit).
 */
public class ActiveEntries {

  /** Rows per round trip: large enough that PostgreSQL's round trips do not show. */
  private static final int FETCH_SIZE = 20_000;

  /** Rows per query on H2: below the 40,000 rows it keeps in memory before spilling to disk. */
  private static final int H2_PAGE = 30_000;

  /**
   * The expiry as epoch milliseconds, rounded down (an entry leaves the index at most a millisecond
   * early, never late): one number that PostgreSQL's {@code COPY} text and H2 send alike, whatever
   * the session's time zone and date style.
   */
  private static final String SELECT =
      "select id, scope_id, list_kind, value_type, entry_value, return_code, reason,"
          + " cast(floor(extract(epoch from expires_at) * 1000) as bigint) from entry"
          + " where enabled = true and (expires_at is null or expires_at > ?)";

  /** The entries of one scope. */
  private static final String ONE_SCOPE = " and scope_id = ?";

  /**
   * How H2 orders a page of every entry: along the primary key, which it reads from the page's
   * first id on.
   */
  private static final String ALL_PAGES = "id";

  /**
   * How H2 orders a page of one scope's entries: along the index on {@code scope_id}, whose keys
   * end with the row's id. Ordered by id alone, H2 read every entry of the scope after the page's
   * first id and sorted them, for every page: reading a scope of 3.5 million entries took longer
   * than its import.
   */
  private static final String SCOPE_PAGES = "scope_id, id";

  private final JdbcTemplate jdbc;
  private final ListingSettings settings;

  /** Reads from the given database; default return codes come from the settings. */
  public ActiveEntries(DataSource dataSource, ListingSettings settings) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.settings = settings;
  }

  /**
   * Hands every entry active at {@code asOf} to the sink. Entries expiring after {@code asOf} are
   * included; removing them when they expire is the expiry job's work.
   */
  public void forEach(Instant asOf, Consumer<ActiveEntry> sink) {
    query(
        Connection.TRANSACTION_READ_COMMITTED,
        connection -> read(connection, SELECT, ALL_PAGES, sink, Timestamp.from(asOf)));
  }

  /**
   * Hands the entries of one scope (or two: a mail server's and its account's) active at {@code
   * asOf} to the sink, in no particular order. For exports, which must see what DNS answers. Two
   * scopes are read one after the other (on H2 each along its own index range), in one transaction
   * at repeatable read, so both reads see the same moment: under read committed, a write committing
   * between them (a move from one scope to the other among them) showed in one half only.
   */
  public void forEach(long scopeId, Long otherScopeId, Instant asOf, Consumer<ActiveEntry> sink) {
    Timestamp at = Timestamp.from(asOf);
    query(
        Connection.TRANSACTION_REPEATABLE_READ,
        connection -> {
          read(connection, SELECT + ONE_SCOPE, SCOPE_PAGES, sink, at, scopeId);
          if (otherScopeId != null && otherScopeId != scopeId) {
            read(connection, SELECT + ONE_SCOPE, SCOPE_PAGES, sink, at, otherScopeId);
          }
        });
  }

  /**
   * Hands the entries of one scope active at {@code asOf} to the sink, read in one transaction with
   * the scope's serial (repeatable read), so they are the entries of exactly that serial: for a
   * node that reloads a scope whose changes it could not follow one by one. Runs on a connection of
   * its own, outside any caller's transaction.
   *
   * @return the scope's serial, or -1 when the scope does not exist (nothing was handed over)
   */
  public long forEachAtSerial(long scopeId, Instant asOf, Consumer<ActiveEntry> sink) {
    Long serial =
        jdbc.execute(
            (ConnectionCallback<Long>)
                connection -> {
                  if (!connection.getAutoCommit()) {
                    throw new IllegalStateException("a scope reload needs its own transaction");
                  }
                  int isolation = connection.getTransactionIsolation();
                  connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                  connection.setAutoCommit(false);
                  try (PreparedStatement statement =
                      connection.prepareStatement("select serial from scope where id = ?")) {
                    statement.setLong(1, scopeId);
                    long found;
                    try (ResultSet row = statement.executeQuery()) {
                      if (!row.next()) {
                        return -1L;
                      }
                      found = row.getLong(1);
                    }
                    read(
                        connection,
                        SELECT + ONE_SCOPE,
                        SCOPE_PAGES,
                        sink,
                        Timestamp.from(asOf),
                        scopeId);
                    return found;
                  } finally {
                    connection.rollback();
                    connection.setAutoCommit(true);
                    connection.setTransactionIsolation(isolation);
                  }
                });
    return serial == null ? -1 : serial;
  }

  /** Reads of one connection. */
  @FunctionalInterface
  private interface Reads {
    void run(Connection connection) throws SQLException;
  }

  /**
   * Runs the reads in the caller's transaction, or in one of their own at the given isolation (the
   * connection's own is put back after).
   */
  private void query(int isolation, Reads reads) {
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              boolean ownTransaction = connection.getAutoCommit();
              int before = connection.getTransactionIsolation();
              if (ownTransaction) {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(false);
              }
              try {
                reads.run(connection);
              } finally {
                if (ownTransaction) {
                  // Nothing was written: ending the transaction either way releases the cursor.
                  connection.rollback();
                  connection.setAutoCommit(true);
                  connection.setTransactionIsolation(before);
                }
              }
              return null;
            });
  }

  /**
   * Runs the query in the connection's open transaction, the fastest way its database allows; on H2
   * in pages by id, {@code pageOrder} ordering them ({@link #streamInPages}).
   */
  private void read(
      Connection connection,
      String sql,
      String pageOrder,
      Consumer<ActiveEntry> sink,
      Object... arguments)
      throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    if ("H2".equals(product)) {
      streamInPages(connection, sql, pageOrder, sink, arguments);
    } else if ("PostgreSQL".equals(product) && connection.isWrapperFor(PGConnection.class)) {
      copy(connection.unwrap(PGConnection.class), sql, sink, arguments);
    } else {
      stream(connection, sql, sink, arguments);
    }
  }

  private void stream(
      Connection connection, String sql, Consumer<ActiveEntry> sink, Object... arguments)
      throws SQLException {
    Rows rows = new Rows(settings);
    try (PreparedStatement statement =
        connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      statement.setFetchSize(FETCH_SIZE);
      bind(statement, arguments);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          sink.accept(rows.decode(result));
        }
      }
    }
  }

  private void copy(
      PGConnection connection, String sql, Consumer<ActiveEntry> sink, Object... arguments)
      throws SQLException {
    CopyTextEntries rows = new CopyTextEntries(settings);
    CopyOut copy =
        connection.getCopyAPI().copyOut("copy (" + inline(sql, arguments) + ") to stdout");
    try {
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        sink.accept(rows.decode(row));
      }
    } finally {
      if (copy.isActive()) {
        // The sink failed midway: end the COPY so the connection can be used again.
        copy.cancelCopy();
      }
    }
  }

  /**
   * The statement with its arguments written in: {@code COPY} takes no parameters. The arguments
   * are this class's own timestamps and ids, never text from outside.
   */
  private static String inline(String sql, Object... arguments) {
    StringBuilder out = new StringBuilder(sql.length() + 64);
    int argument = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c != '?') {
        out.append(c);
      } else if (arguments[argument] instanceof Timestamp timestamp) {
        // Microseconds, as PostgreSQL stores them.
        out.append('\'')
            .append(timestamp.toInstant().truncatedTo(ChronoUnit.MICROS))
            .append("'::timestamptz");
        argument++;
      } else if (arguments[argument] instanceof Long id) {
        out.append(id.longValue());
        argument++;
      } else {
        throw new IllegalArgumentException("cannot inline " + arguments[argument]);
      }
    }
    return out.toString();
  }

  /**
   * H2 computes a whole result before returning its first row, spilling it to a temporary file
   * beyond {@link #H2_PAGE} rows, which made the start-up load twice as slow; its lazy mode avoids
   * that but can fail on a long read ("chunk not found") when the store compacts meanwhile. So H2
   * reads the entries in pages by id, each page a short query held in memory. The embedded database
   * is this process's alone, so nothing changes between pages.
   */
  private void streamInPages(
      Connection connection,
      String sql,
      String pageOrder,
      Consumer<ActiveEntry> sink,
      Object... arguments)
      throws SQLException {
    Rows rows = new Rows(settings);
    Object[] withFrom = Arrays.copyOf(arguments, arguments.length + 1);
    String page = sql + " and id > ? order by " + pageOrder + " limit " + H2_PAGE;
    long after = Long.MIN_VALUE;
    int read;
    do {
      withFrom[arguments.length] = after;
      read = 0;
      try (PreparedStatement statement = connection.prepareStatement(page)) {
        bind(statement, withFrom);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            ActiveEntry entry = rows.decode(result);
            after = entry.id();
            read++;
            sink.accept(entry);
          }
        }
      }
    } while (read == H2_PAGE);
  }

  private static void bind(PreparedStatement statement, Object... arguments) throws SQLException {
    for (int i = 0; i < arguments.length; i++) {
      statement.setObject(i + 1, arguments[i]);
    }
  }

  /** Decodes rows of one query; keeps what repeats from row to row. Not thread-safe. */
  private static final class Rows {
    private static final ValueType[] TYPES = ValueType.values();
    private final int[] defaultCodes = new int[ListKind.values().length * TYPES.length];
    private String lastReason;

    Rows(ListingSettings settings) {
      for (ListKind kind : ListKind.values()) {
        for (ValueType type : TYPES) {
          defaultCodes[slot(kind, type)] = settings.defaultReturnCode(kind, type);
        }
      }
    }

    ActiveEntry decode(ResultSet row) throws SQLException {
      ListKind kind = kind(row.getString(3));
      ValueType type = type(row.getString(4));
      EntryValue value;
      String text = row.getString(5);
      try {
        value = EntryValue.parseStored(type, text);
      } catch (InvalidEntryException e) {
        throw new IllegalStateException(
            "entry " + row.getLong(1) + " holds an invalid value: " + e.getMessage(), e);
      }
      int code = row.getInt(6);
      int returnCode = row.wasNull() ? defaultCodes[slot(kind, type)] : code;
      String reason = reason(row.getString(7));
      long expiresMillis = row.getLong(8);
      Instant expiresAt = row.wasNull() ? null : Instant.ofEpochMilli(expiresMillis);
      return new ActiveEntry(
          row.getLong(1), row.getLong(2), kind, value, returnCode, reason, expiresAt);
    }

    /** Bulk-loaded lists mostly repeat one reason: hold it once, not once per entry. */
    private String reason(String reason) {
      if (reason != null && reason.equals(lastReason)) {
        return lastReason;
      }
      lastReason = reason;
      return reason;
    }

    private static ListKind kind(String text) {
      // The schema allows these three values only (entry_list_kind_valid).
      return "BLOCK".equals(text) ? ListKind.BLOCK : ListKind.valueOf(text);
    }

    private static ValueType type(String text) {
      return "IPV4".equals(text) ? ValueType.IPV4 : ValueType.valueOf(text);
    }

    private static int slot(ListKind kind, ValueType type) {
      return kind.ordinal() * TYPES.length + type.ordinal();
    }
  }
}
