-- One write of many entries (a paste, an import, a bulk API call, an expiry round) is one event of
-- the audit trail, with the number of entries it changed; each entry's change is an item of it,
-- read a page at a time (audit.AuditLog#items), so a page of the trail never loads a bulk write's
-- hundred thousand states. A change of one object keeps its before and after on the event itself
-- and has no items (item_count 1).
alter table audit_event add column item_count integer default 1 not null;

-- The event a change undid, when it was an undo (its own items restore that event's befores).
alter table audit_event add column undoes_event bigint;

-- item_no counts from 0 in the order the write recorded its changes; (event_id, item_no) is both
-- the key and the drill-down's keyset order. No foreign key, like audit_event: the trail is
-- append-only and outlives what it describes.
create table audit_item (
    event_id     bigint        not null,
    item_no      integer       not null,
    action       varchar(20)   not null,
    object_id    bigint,
    summary      varchar(300)  not null,
    before_state varchar(4000),
    after_state  varchar(4000),
    constraint audit_item_pk primary key (event_id, item_no)
);
