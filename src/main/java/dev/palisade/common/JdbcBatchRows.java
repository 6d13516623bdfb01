package dev.palisade.common;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * {@link BulkRows} with plain JDBC batches of at most {@value #CHUNK} rows and {@code IN} lists of
 * at most {@value #IN_CHUNK} values: what the embedded H2 database gets, and what PostgreSQL gets
 * for a handful of rows, where a {@code COPY} costs more than it saves. Thread-safe.
 */
class JdbcBatchRows implements BulkRows {

  /** Rows per JDBC batch. */
  static final int CHUNK = 1000;

  /**
   * Values per {@code IN} list. H2 finds the rows of a list through the index, value by value, and
   * then checks each row found against the whole list again, one comparison after the other: a row
   * costs as many comparisons as the list is long, and with lists of 1,000 that was 30% of an H2
   * feed update's time (1M lines, 1% changed, JFR: {@code ConditionInList.getValue}). Lists of 100
   * cost a tenth of that for ten times the statements, each parsed once and kept by H2.
   */
  static final int IN_CHUNK = 100;

  private final JdbcTemplate jdbc;

  JdbcBatchRows(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void insert(String table, List<String> columns, List<Object[]> rows) {
    String sql =
        "insert into "
            + table
            + " ("
            + String.join(", ", columns)
            + ") values ("
            + String.join(", ", Collections.nCopies(columns.size(), "?"))
            + ")";
    batch(sql, rows, row -> row);
  }

  @Override
  public void update(String table, List<String> columns, List<Object[]> rows) {
    List<String> assignments = new ArrayList<>();
    for (String column : columns.subList(1, columns.size())) {
      assignments.add(column + " = ?");
    }
    String sql =
        "update "
            + table
            + " set "
            + String.join(", ", assignments)
            + " where "
            + columns.get(0)
            + " = ?";
    // The key comes first in a row and last in the statement.
    batch(
        sql,
        rows,
        row -> {
          Object[] moved = new Object[row.length];
          System.arraycopy(row, 1, moved, 0, row.length - 1);
          moved[row.length - 1] = row[0];
          return moved;
        });
  }

  /** H2's temporary table: {@code transactional}, so creating it does not commit the caller. */
  @Override
  public void stage(String table, List<String> definitions, List<Object[]> rows) {
    // Staged again in the same transaction, the table is emptied: by a delete, since H2's
    // truncate would commit the transaction.
    jdbc.execute(
        "create local temporary table if not exists "
            + table
            + " ("
            + String.join(", ", definitions)
            + ") on commit drop transactional");
    jdbc.execute("delete from " + table);
    insert(table, names(definitions), rows);
  }

  /** The column names of definitions such as {@code "hits bigint not null"}. */
  static List<String> names(List<String> definitions) {
    return definitions.stream()
        .filter(
            definition -> !definition.strip().toLowerCase(Locale.ROOT).startsWith("primary key"))
        .map(definition -> definition.trim().split("\\s+", 2)[0])
        .toList();
  }

  @Override
  public void selectWhereIn(
      String select, String column, Collection<String> values, RowCallbackHandler rows) {
    List<String> all = new ArrayList<>(values);
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
      jdbc.query(
          select
              + " "
              + column
              + " in ("
              + String.join(", ", Collections.nCopies(chunk.size(), "?"))
              + ")",
          rows,
          chunk.toArray());
    }
  }

  @Override
  public String probeJoin(String staged, String table, String on) {
    return staged + " join " + table + " on " + on;
  }

  @Override
  public boolean joinsStagedValues() {
    return false;
  }

  @Override
  public long[] nextValues(String sequence, int count) {
    // H2 evaluates NEXT VALUE FOR once per row of the range.
    List<Long> values =
        jdbc.queryForList(
            "select next value for " + sequence + " from system_range(1, ?)", Long.class, count);
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private void batch(
      String sql, List<Object[]> rows, java.util.function.UnaryOperator<Object[]> order) {
    for (int i = 0; i < rows.size(); i += CHUNK) {
      List<Object[]> chunk = rows.subList(i, Math.min(rows.size(), i + CHUNK));
      jdbc.batchUpdate(
          sql,
          chunk,
          chunk.size(),
          (statement, row) -> {
            Object[] values = order.apply(row);
            for (int c = 0; c < values.length; c++) {
              set(statement, c + 1, values[c]);
            }
          });
    }
  }

  private static void set(PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Instant instant) {
      statement.setTimestamp(index, Timestamp.from(instant));
    } else {
      statement.setObject(index, value);
    }
  }
}
