package dev.palisade.listing;

import java.sql.SQLException;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration V31: on H2, an index of each scope's entries newest first, {@code (scope_id desc, id
 * desc)}, for the API's pages of a scope's entries ({@link EntryReads#find}, newest first).
 *
 * <p>H2 reads an index only in the order it was declared in, and given {@code (scope_id, id)}
 * ascending alone it took the foreign key's index on the scope and sorted every entry of the scope
 * for each page: 10–13 s a page at a million entries. PostgreSQL reads {@code (scope_id, id)}
 * backwards, so there the migration does nothing and imports keep one index fewer to maintain. In
 * Java, since it depends on the database.
 */
public final class EntryNewestFirstMigration extends CodeMigration {

  public EntryNewestFirstMigration() {
    super("31", "entry newest first index (H2)");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    executeOn(context, "H2", "create index entry_scope_id_desc on entry (scope_id desc, id desc)");
  }
}
