-- The change feed: one row per committed change to what DNS answers, written in the transaction
-- of the change itself, so a row exists exactly when its change does. Nodes sharing the database
-- follow it to keep their in-memory index current; zone transfers (IXFR) will read it too.
--
-- serial           from change_serial: for ENTRIES the scope's new serial, for SCOPES the serial
--                  the change to the set of scopes was announced with; unique, so the key
-- scope_id         the scope whose entries changed (no foreign key: a change outlives its scope
--                  until it is pruned); null for SCOPES
-- previous_serial  the scope's serial before the change: a follower holding that serial can apply
--                  this change; one holding another must reload the scope
-- kind             ENTRIES (entries added, changed, deleted, expired) or SCOPES (scopes created,
--                  renamed, relabelled or deleted: read the scope table). No check constraint:
--                  H2 evaluates an "in (...)" check with the session that created the table, and
--                  fails once that connection is closed; account.ChangeLog is the only writer.
-- node             the node that wrote the change
-- removed, added   how many entries stopped and started answering
-- changes          those entries, deflated (listing.EntryChangeCodec); null for SCOPES
create table change_log (
    serial bigint not null primary key,
    scope_id bigint,
    previous_serial bigint,
    kind varchar(8) not null,
    written_at timestamp with time zone not null,
    node varchar(128) not null,
    removed integer not null,
    added integer not null,
    changes bytea
);

-- "Everything for scope S after serial N", one index range.
create index change_log_scope_serial on change_log (scope_id, serial);

-- Pruning by age.
create index change_log_written_at on change_log (written_at);
