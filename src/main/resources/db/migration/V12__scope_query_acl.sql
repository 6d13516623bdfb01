-- Who may query a scope's zones: its networks in canonical form, joined by ", " (at most 100,
-- each at most 43 characters). Null: the scope inherits, a mail server its account's, an account
-- the operator's palisade.dns.allow-query (default: everyone).
alter table scope add column allow_query varchar(4500);
