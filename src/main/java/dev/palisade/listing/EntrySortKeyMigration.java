package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ValueType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration V21_1: the entries' {@code sort_key} ({@link EntrySortKey}), which the entries table
 * orders values by, with its index (scope_id, sort_key, list_kind) for keyset pages. In Java, since
 * the key of the stored values is computed by the same code that computes it for new rows; runs
 * unchanged on H2 and PostgreSQL. Existing rows are read in id order and updated in batches.
 */
public final class EntrySortKeyMigration extends CodeMigration {

  private static final int BATCH = 1_000;

  public EntrySortKeyMigration() {
    super("21.1", "entry sort key");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("alter table entry add column sort_key varchar(270)");
    }
    try (Statement select = connection.createStatement();
        PreparedStatement update =
            connection.prepareStatement("update entry set sort_key = ? where id = ?")) {
      select.setFetchSize(BATCH);
      int pending = 0;
      try (ResultSet rows =
          select.executeQuery("select id, value_type, entry_value from entry order by id")) {
        while (rows.next()) {
          EntryValue value =
              EntryValue.parseStored(ValueType.valueOf(rows.getString(2)), rows.getString(3));
          update.setString(1, EntrySortKey.of(value));
          update.setLong(2, rows.getLong(1));
          update.addBatch();
          if (++pending == BATCH) {
            update.executeBatch();
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        update.executeBatch();
      }
    }
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("alter table entry alter column sort_key set not null");
      // One more index for each bulk write to maintain: the price of numeric order by value.
      ddl.execute("create index entry_scope_sort_key on entry (scope_id, sort_key, list_kind)");
    }
  }
}
