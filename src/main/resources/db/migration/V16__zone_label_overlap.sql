-- A relabelled scope's old label keeps answering for that scope for a while (the overlap), so the
-- mail servers still configured with it keep their lists until they are updated. scope_id names
-- the scope it still answers for and answers_until when it stops; both null once the overlap is
-- over (or for a label given up by a deletion, which never overlaps). The label stays reserved to
-- its owner either way. Written to run unchanged on H2 and PostgreSQL.
alter table retired_zone_label add column scope_id bigint;
alter table retired_zone_label add column answers_until timestamp with time zone;

create index retired_zone_label_scope on retired_zone_label (scope_id);
