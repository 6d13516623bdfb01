package dev.palisade.common;

import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads and writes many rows of one table in few round trips, inside the caller's transaction: the
 * bulk writes of entries and their audit records, and the entry hit counts, go through it. On
 * PostgreSQL rows travel with {@code COPY} ({@link PostgresCopyRows}); elsewhere in JDBC batches
 * ({@link JdbcBatchRows}).
 *
 * <p>Values are {@code null}, {@link String}, {@link Number}, {@link Boolean} or {@link
 * java.time.Instant}. Implementations are thread-safe; every call must run inside a transaction.
 */
public interface BulkRows {

  /** Inserts the rows, each holding one value per column, in the order of {@code columns}. */
  void insert(String table, List<String> columns, List<Object[]> rows);

  /**
   * Updates rows by key: {@code columns.get(0)} is the key column naming the row to change, the
   * others are set to the row's values.
   */
  void update(String table, List<String> columns, List<Object[]> rows);

  /**
   * Creates a temporary table seen by the current transaction only and dropped when it ends, and
   * inserts the rows, so that one statement can join many rows of the caller against stored tables.
   * Staging the same table again in the same transaction replaces its rows. A definition may also
   * be the table's {@code primary key (...)}. Each definition is a column name and its SQL type
   * ({@code "hits bigint not null"}); a row holds one value per column, in the same order.
   */
  void stage(String table, List<String> definitions, List<Object[]> rows);

  /**
   * Runs {@code select} (a query ending in a {@code where} clause or a condition joined with {@code
   * and}) once or a few times with {@code column} restricted to {@code values}, handing every row
   * found to {@code rows}. The caller appends nothing after the condition.
   */
  void selectWhereIn(
      String select, String column, Collection<String> values, RowCallbackHandler rows);

  /**
   * A {@code from} clause joining each row of a {@link #stage staged} table to the one row of
   * {@code table} that {@code on} names by a unique key, written so the database looks each staged
   * row up in that key's index. On PostgreSQL a plain join of a hundred thousand staged rows with a
   * table of millions is planned as a hash join, which reads every row of the table; a {@code
   * lateral} subquery with {@code limit 1} makes it one index probe per staged row, in the order
   * the staged rows come. H2 has no {@code lateral} and probes the index for a plain join. Staged
   * rows without a match are left out, as in an inner join.
   *
   * @param staged the staged table, or a query over it in parentheses, and its alias: {@code
   *     "hits_stage s"}, {@code "(select * from hits_stage order by key) s"}
   * @param table the table and its alias, {@code "entry e"}
   * @param on the join condition over both aliases; may hold {@code ?} parameters
   */
  String probeJoin(String staged, String table, String on);

  /**
   * Whether many values are found faster by {@link #stage staging} them and joining than by {@link
   * #selectWhereIn}: on PostgreSQL, which plans one long array parameter as a scan of the whole
   * table; not on H2, which probes an index on the column for each value of an {@code IN} list.
   */
  boolean joinsStagedValues();

  /** The next {@code count} values of a sequence, in one round trip or a few. */
  long[] nextValues(String sequence, int count);
}
