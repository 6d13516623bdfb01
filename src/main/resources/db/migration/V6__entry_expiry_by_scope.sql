-- Every index on entry costs each bulk write (COPY of 100,000 rows spends most of its time in
-- index maintenance). The expiry alone needs no index of its own: the expiry job and the purge
-- go scope by scope (EntryRepository.scopesWithExpiries, findByScopeIdAndExpiresAtBefore) and
-- use entry_scope_expires_id (scope_id, expires_at, id) of V5, one index range per scope.
drop index entry_expires_at;
