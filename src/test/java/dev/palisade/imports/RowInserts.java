package dev.palisade.imports;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.api.Trigger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counts the rows inserted into every table of an H2 database while it is open, by a trigger on
 * each: what a write costs the store, table by table, whatever statement inserted them. Close it to
 * drop the triggers. One at a time per database.
 */
final class RowInserts implements AutoCloseable {

  private static final Map<String, AtomicLong> INSERTED = new ConcurrentHashMap<>();

  private final JdbcTemplate jdbc;
  private final List<String> tables;

  RowInserts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    INSERTED.clear();
    tables =
        jdbc.queryForList(
            "select table_name from information_schema.tables"
                + " where table_schema = 'PUBLIC' and table_type = 'BASE TABLE'",
            String.class);
    for (String table : tables) {
      jdbc.execute(
          "create trigger "
              + trigger(table)
              + " after insert on \""
              + table
              + "\" for each row call '"
              + Counter.class.getName()
              + "'");
    }
  }

  /** The rows inserted so far, by table; tables without any left out. */
  Map<String, Long> byTable() {
    Map<String, Long> counts = new TreeMap<>();
    INSERTED.forEach((table, count) -> counts.put(table.toLowerCase(), count.get()));
    return counts;
  }

  @Override
  public void close() {
    for (String table : tables) {
      jdbc.execute("drop trigger if exists " + trigger(table));
    }
  }

  private static String trigger(String table) {
    return "\"count_inserts_" + table + "\"";
  }

  /** The trigger: one count per row inserted into its table. */
  public static final class Counter implements Trigger {
    private String table;

    @Override
    public void init(
        Connection conn,
        String schemaName,
        String triggerName,
        String tableName,
        boolean before,
        int type) {
      table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
      INSERTED.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
    }
  }
}
