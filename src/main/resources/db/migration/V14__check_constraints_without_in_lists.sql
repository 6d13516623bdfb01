-- The three "in (...)" check constraints, written as CASE. H2 evaluates an "in" list of constants
-- with the session that created the constraint; in a database created by this process (a first
-- start, every test) that session is the migration's connection, and once the pool renewed it
-- (after 30 minutes) every insert into entry or app_user_account failed with "Check constraint
-- invalid" until the next restart. A CASE is evaluated with the inserting session. Same rules.
alter table entry drop constraint entry_list_kind_valid;
alter table entry add constraint entry_list_kind_valid
    check (case list_kind when 'BLOCK' then true when 'ALLOW' then true else false end);

alter table entry drop constraint entry_value_type_valid;
alter table entry add constraint entry_value_type_valid
    check (case value_type when 'IPV4' then true when 'IPV6' then true when 'DOMAIN' then true
           else false end);

alter table app_user_account drop constraint app_user_account_role_valid;
alter table app_user_account add constraint app_user_account_role_valid
    check (case role when 'ADMIN' then true when 'VIEWER' then true else false end);
