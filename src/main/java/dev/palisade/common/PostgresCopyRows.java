package dev.palisade.common;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * {@link BulkRows} for PostgreSQL: inserts stream in with {@code COPY}; updates stream into a
 * temporary table with {@code COPY} and are applied by one {@code UPDATE ... FROM}; staged rows
 * stream into the caller's temporary table with {@code COPY}; lookups pass all values as one array.
 * A hundred thousand rows take one statement each way instead of a hundred batches. Writes of fewer
 * than {@value #SMALL} rows go through {@link JdbcBatchRows}, since a temporary table costs more
 * than a few statements. Thread-safe.
 */
class PostgresCopyRows implements BulkRows {

  /** Below this many rows, plain batches are cheaper than {@code COPY}. */
  static final int SMALL = 50;

  private final JdbcTemplate jdbc;
  private final JdbcBatchRows small;

  PostgresCopyRows(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.small = new JdbcBatchRows(jdbc);
  }

  @Override
  public void insert(String table, List<String> columns, List<Object[]> rows) {
    if (rows.size() < SMALL) {
      small.insert(table, columns, rows);
      return;
    }
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              copy(connection, table, columns, rows);
              return null;
            });
  }

  @Override
  public void update(String table, List<String> columns, List<Object[]> rows) {
    if (rows.size() < SMALL) {
      small.update(table, columns, rows);
      return;
    }
    String stage = "bulk_update_" + table;
    String key = columns.get(0);
    List<String> assignments = new ArrayList<>();
    for (String column : columns.subList(1, columns.size())) {
      assignments.add(column + " = s." + column);
    }
    jdbc.execute(
        "create temporary table "
            + stage
            + " on commit drop as select "
            + String.join(", ", columns)
            + " from "
            + table
            + " with no data");
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              copy(connection, stage, columns, rows);
              return null;
            });
    // Without statistics the planner takes the freshly filled table for empty.
    jdbc.execute("analyze " + stage);
    jdbc.update(
        "update "
            + table
            + " t set "
            + String.join(", ", assignments)
            + " from "
            + stage
            + " s where t."
            + key
            + " = s."
            + key);
    jdbc.execute("drop table " + stage);
  }

  @Override
  public void stage(String table, List<String> definitions, List<Object[]> rows) {
    // Staged again in the same transaction (a bulk write's next batch), the table is emptied.
    jdbc.execute(
        "create temporary table if not exists "
            + table
            + " ("
            + String.join(", ", definitions)
            + ") on commit drop");
    jdbc.execute("truncate table " + table);
    insert(table, JdbcBatchRows.names(definitions), rows);
    if (rows.size() >= SMALL) {
      // Without statistics the planner takes the freshly filled table for empty.
      jdbc.execute("analyze " + table);
    }
  }

  @Override
  public void selectWhereIn(
      String select, String column, Collection<String> values, RowCallbackHandler rows) {
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              Array array = connection.createArrayOf("varchar", values.toArray());
              try {
                jdbc.query(select + " " + column + " = any(?)", rows, array);
              } finally {
                array.free();
              }
              return null;
            });
  }

  @Override
  public String probeJoin(String staged, String table, String on) {
    String alias = table.substring(table.lastIndexOf(' ') + 1);
    return staged
        + " cross join lateral (select * from "
        + table
        + " where "
        + on
        + " limit 1) "
        + alias;
  }

  @Override
  public boolean joinsStagedValues() {
    return true;
  }

  @Override
  public long[] nextValues(String sequence, int count) {
    List<Long> values =
        jdbc.queryForList(
            "select nextval(?::regclass) from generate_series(1, ?)", Long.class, sequence, count);
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static void copy(
      Connection connection, String table, List<String> columns, List<Object[]> rows)
      throws java.sql.SQLException {
    String sql = "copy " + table + " (" + String.join(", ", columns) + ") from stdin";
    PGConnection pg = connection.unwrap(PGConnection.class);
    try (Writer out =
        new BufferedWriter(
            new OutputStreamWriter(
                new PGCopyOutputStream(pg, sql, 1 << 16), StandardCharsets.UTF_8),
            1 << 16)) {
      // A bulk write stamps every row with the same moment: format it once.
      Instant lastInstant = null;
      String lastText = null;
      for (Object[] row : rows) {
        for (int c = 0; c < row.length; c++) {
          if (c > 0) {
            out.write('\t');
          }
          Object value = row[c];
          if (value instanceof Instant instant) {
            if (!instant.equals(lastInstant)) {
              lastInstant = instant;
              // ISO 8601 in UTC; PostgreSQL rounds to microseconds, as for JDBC parameters.
              lastText = instant.toString();
            }
            out.write(lastText);
          } else {
            write(out, value);
          }
        }
        out.write('\n');
      }
    } catch (IOException e) {
      if (e.getCause() instanceof java.sql.SQLException failure) {
        throw failure;
      }
      throw new UncheckedIOException(e);
    }
  }

  private static boolean needsEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t') {
        return true;
      }
    }
    return false;
  }

  /** One value other than an {@link Instant} in COPY's text format. */
  private static void write(Writer out, Object value) throws IOException {
    if (value == null) {
      out.write("\\N");
    } else if (value instanceof Boolean b) {
      out.write(b ? 't' : 'f');
    } else if (value instanceof Number) {
      out.write(value.toString());
    } else {
      String text = value.toString();
      if (!needsEscape(text)) {
        out.write(text);
        return;
      }
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        switch (ch) {
          case '\\' -> out.write("\\\\");
          case '\n' -> out.write("\\n");
          case '\r' -> out.write("\\r");
          case '\t' -> out.write("\\t");
          default -> out.write(ch);
        }
      }
    }
  }
}
