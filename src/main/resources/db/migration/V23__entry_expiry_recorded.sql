-- Which expiry of an entry has been recorded (audit trail, change feed): the expires_at value it
-- was recorded for. Every node takes an entry out of DNS at its expiry by itself, but only the
-- first node to record an expiry writes it; the others find it recorded. An entry given a new
-- expiry no longer matches, so its next expiry is recorded again.
alter table entry add column expiry_recorded timestamp with time zone;
