-- The entries table of the UI pages by keyset on (column, id) for every order (see EntryTable):
-- the page after a row starts at that row's place in an index on (scope_id, column, id). The
-- indexes of V4 on (scope_id, column) are replaced, not joined, by these: every entry index costs
-- each bulk write, so there is one per order of the table and no more.
drop index entry_scope_value;
drop index entry_scope_expires;
drop index entry_scope_updated;

-- Also serves value prefix searches ("10.1.2." finds every value starting with it).
create index entry_scope_value_id on entry (scope_id, entry_value, id);
create index entry_scope_expires_id on entry (scope_id, expires_at, id);
create index entry_scope_updated_id on entry (scope_id, updated_at, id);
