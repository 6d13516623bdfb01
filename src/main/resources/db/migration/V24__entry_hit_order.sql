-- The entries table's orders by hits (EntryTable, EntrySort.HITS) read the entries with hits joined
-- to their counters in the order of (hits, entry_id), and the dashboard's most-hit entries walk the
-- counters in that order too (QueryStats#topEntries). The index on hits alone of V4 is replaced by
-- one that also holds the tie, so both stop after a page instead of sorting every counter.
drop index entry_hit_hits;
create index entry_hit_hits_entry on entry_hit (hits, entry_id);
