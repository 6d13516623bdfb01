package dev.palisade.listing;

import java.sql.SQLException;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration V33: on PostgreSQL, an entry's scope and feed are checked once per statement instead of
 * once per row, and the feeds' index holds only the entries of a feed.
 *
 * <p>A foreign key is checked by PostgreSQL row by row: for each new entry a query of the scope,
 * and one for the feed even where it is null. For an import of a million entries that was 9 s of a
 * 27 s insert on a 2-core machine, a third of it. The two foreign keys of {@code entry} are
 * replaced by triggers that keep every guarantee they gave, set-based:
 *
 * <ul>
 *   <li>after an insert statement, the scopes and feeds its rows name are locked against deletion
 *       ({@code for key share}, the foreign key's own lock) and must all exist, else the statement
 *       fails with the foreign key's error code (23503); an update that gives an entry another
 *       scope or feed is checked the same way, row by row, only where it does;
 *   <li>deleting a scope deletes its entries first ({@code on delete cascade} was; first, so that
 *       the scope's feeds, deleted with it, do not make their entries local on the way; a before
 *       trigger runs once the scope's row is locked, so the entries of a writer that held the
 *       deletion off are committed by then and deleted too), deleting a feed leaves its entries as
 *       local ones ({@code on delete set null} was), and a scope's or feed's id cannot change while
 *       entries name it.
 * </ul>
 *
 * <p>The index on {@code feed_id} becomes partial: entries of no feed, all an import writes, are no
 * longer kept in it; every query of it names a feed. H2 keeps its foreign keys (their cost there is
 * not measured; imports into H2 meet their target), so the migration does nothing on H2. In Java,
 * since it depends on the database.
 */
public final class EntryReferencesMigration extends CodeMigration {

  /** The triggers and their functions; each statement is one element. */
  static final String[] POSTGRES = {
    """
    create function entry_references_inserted() returns trigger language plpgsql as $$
    declare
      scopes bigint[];
      feeds bigint[];
    begin
      select array_agg(distinct scope_id), array_agg(distinct feed_id) filter (where feed_id is not null)
        into scopes, feeds from inserted_entry;
      perform entry_references_exist(scopes, feeds);
      return null;
    end $$
    """,
    """
    create function entry_references_updated() returns trigger language plpgsql as $$
    begin
      perform entry_references_exist(array[new.scope_id],
          case when new.feed_id is null then null else array[new.feed_id] end);
      return null;
    end $$
    """,
    """
    create function entry_references_exist(scopes bigint[], feeds bigint[]) returns void
    language plpgsql as $$
    declare
      found integer;
    begin
      select count(*) into found from (select 1 from scope s where s.id = any(scopes)
          for key share of s) locked;
      if found < coalesce(cardinality(scopes), 0) then
        raise foreign_key_violation using
          message = 'insert or update on table "entry" names a scope that does not exist',
          detail = 'scopes named: ' || array_to_string(scopes[1:10], ', ');
      end if;
      if feeds is null then
        return;
      end if;
      select count(*) into found from (select 1 from feed f where f.id = any(feeds)
          for key share of f) locked;
      if found < cardinality(feeds) then
        raise foreign_key_violation using
          message = 'insert or update on table "entry" names a feed that does not exist',
          detail = 'feeds named: ' || array_to_string(feeds[1:10], ', ');
      end if;
    end $$
    """,
    """
    create trigger entry_references_inserted after insert on entry
      referencing new table as inserted_entry for each statement
      execute function entry_references_inserted()
    """,
    """
    create trigger entry_references_updated after update of scope_id, feed_id on entry
      for each row when (old.scope_id is distinct from new.scope_id
          or new.feed_id is not null and old.feed_id is distinct from new.feed_id)
      execute function entry_references_updated()
    """,
    """
    create function scope_entries_deleted() returns trigger language plpgsql as $$
    begin
      delete from entry where scope_id = old.id;
      return old;
    end $$
    """,
    """
    create trigger scope_entries_deleted before delete on scope for each row
      execute function scope_entries_deleted()
    """,
    """
    create function feed_entries_kept() returns trigger language plpgsql as $$
    begin
      update entry set feed_id = null where feed_id = old.id;
      return null;
    end $$
    """,
    """
    create trigger feed_entries_kept after delete on feed for each row
      execute function feed_entries_kept()
    """,
    """
    create function entry_parent_id_kept() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'scope' and exists (select 1 from entry where scope_id = old.id)
          or tg_table_name = 'feed' and exists (select 1 from entry where feed_id = old.id) then
        raise foreign_key_violation using
          message = 'the id of ' || tg_table_name || ' ' || old.id || ' is named by entries';
      end if;
      return null;
    end $$
    """,
    """
    create trigger scope_id_kept after update of id on scope for each row
      when (old.id is distinct from new.id) execute function entry_parent_id_kept()
    """,
    """
    create trigger feed_id_kept after update of id on feed for each row
      when (old.id is distinct from new.id) execute function entry_parent_id_kept()
    """,
    """
    do $$
    declare
      name text;
    begin
      for name in select conname from pg_constraint where contype = 'f'
          and conrelid = 'entry'::regclass and confrelid in ('scope'::regclass, 'feed'::regclass)
      loop
        execute format('alter table entry drop constraint %I', name);
      end loop;
    end $$
    """,
    "drop index entry_feed",
    "create index entry_feed on entry (feed_id) where feed_id is not null",
  };

  public EntryReferencesMigration() {
    super("33", "entry references checked per statement (PostgreSQL)");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    executeOn(context, "PostgreSQL", POSTGRES);
  }
}
