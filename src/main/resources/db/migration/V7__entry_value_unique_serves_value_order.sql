-- Every index on entry costs each bulk write: 100,000 new entries are 100,000 inserts into each of
-- them, and the three on the value are the dearest (long keys, random places). The unique
-- (scope_id, list_kind, entry_value) and the keyset index (scope_id, entry_value, id) of V5 become
-- one: the unique key with the value before the list. It still finds an entry by (scope, list,
-- value) and a scope's values by prefix, and it serves the entries table ordered by value, whose
-- ties (one value on both lists) are now broken by list instead of by id (EntrySort.VALUE).
alter table entry drop constraint entry_value_unique;
alter table entry add constraint entry_value_unique unique (scope_id, entry_value, list_kind);
drop index entry_scope_value_id;
