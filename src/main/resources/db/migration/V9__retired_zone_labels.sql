-- Zone labels a scope gave up (relabelled, or its server or account deleted). Mail servers and
-- resolvers out there may still query them, so a released label never goes to another account
-- by itself: it stays reserved to the account that held it, which may take it again, until an
-- operator frees it. No foreign key to account: the reservation outlives a deleted account.
-- Written to run unchanged on H2 and PostgreSQL.
create table retired_zone_label (
    zone_label   varchar(63)              not null primary key,
    account_id   bigint                   not null,
    -- The owner's slug when the label was retired, for operators once the account is gone.
    account_slug varchar(40)              not null,
    retired_at   timestamp with time zone not null
);

create index retired_zone_label_account on retired_zone_label (account_id);
