-- A mail server's own addresses: its networks in canonical form, joined by ", " (at most 100,
-- each at most 43 characters), as the query ACL stores them. No entry may block them for that
-- server: not its own entries, nor its account's. Null: none given.
alter table mail_server add column own_addresses varchar(4500);
