-- A token's name is unique within its account, so a list (and the audit trail) tells tokens
-- apart, revoked ones included. Names that were given twice before keep the first token's name;
-- every later one is renamed with its id as a suffix, e.g. "fail2ban (17)", which the token list
-- then shows. Operator tokens (no account) are renamed the same way among themselves; the
-- application keeps their names unique, as a unique constraint treats nulls as distinct.
-- Written to run unchanged on H2 and PostgreSQL.
update api_token
set name = substring(name from 1 for 85) || ' (' || cast(id as varchar(20)) || ')'
where exists (
    select 1 from api_token earlier
    where earlier.name = api_token.name
      and coalesce(earlier.account_id, -1) = coalesce(api_token.account_id, -1)
      and earlier.id < api_token.id);

alter table api_token add constraint api_token_name_unique unique (account_id, name);
