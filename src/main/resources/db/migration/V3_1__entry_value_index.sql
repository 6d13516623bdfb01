-- Bulk writes look up the existing entries of a batch with "entry_value in (...)". H2 uses an
-- index for an IN list only on an index's first column, so without this index every batch
-- scanned the scope's entries and a million-entry import was quadratic. PostgreSQL could already
-- use the unique (scope_id, list_kind, entry_value) index, and uses this one as well.
create index entry_value_lookup on entry (entry_value);
