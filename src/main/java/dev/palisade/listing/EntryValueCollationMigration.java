package dev.palisade.listing;

import java.sql.SQLException;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration V34: on PostgreSQL, an entry's value and sort key are compared byte by byte (collation
 * {@code "C"}), whatever the database's own collation.
 *
 * <p>Values are addresses, networks and domain names in lower-case ASCII: a language's collation (a
 * database created under {@code en_US.UTF-8}, or even {@code C.UTF-8}) gives them no better order,
 * only a slower one. Every comparison goes through the collation (the C library's {@code strcoll},
 * or ICU), and PostgreSQL sorts such text without its abbreviated keys. An import of a million
 * entries inserts a million values into three indexes (the unique (scope, value, list), the value
 * alone, (scope, sort key, list)) and sorts them twice; in {@code "C"} those indexes cost a tenth
 * to a quarter less on a {@code C.UTF-8} database (measured on two machines), nearly a third less
 * under ICU's {@code en-US}, and the sort about half. Byte order is also the order the code
 * expects: a value prefix is an index range ({@link EntrySearch}), and PostgreSQL uses the index
 * for {@code like 'prefix%'} only in {@code "C"}.
 *
 * <p>Changing a column's collation keeps its rows; PostgreSQL rebuilds the indexes on it (a few
 * seconds per million entries, once, at the first start). H2 compares text by code point already,
 * so the migration does nothing there. In Java, since it depends on the database.
 */
public final class EntryValueCollationMigration extends CodeMigration {

  /** The statements, one per element. */
  static final String[] POSTGRES = {
    "alter table entry alter column entry_value type varchar(260) collate \"C\"",
    "alter table entry alter column sort_key type varchar(270) collate \"C\"",
  };

  public EntryValueCollationMigration() {
    super("34", "entry values compared byte by byte (PostgreSQL)");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    executeOn(context, "PostgreSQL", POSTGRES);
  }
}
