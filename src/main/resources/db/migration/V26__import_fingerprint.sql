-- What the last import into a scope read, so that importing the same files again into a scope
-- that has not changed since is known to change nothing without reading them a second time and
-- comparing every entry with the stored one (imports.ImportFingerprints). One row per scope: its
-- last import. The digest is SHA-256 over the import's list, format and the bytes of its files;
-- serial is the scope's serial when that import ended: any later write of the scope's entries
-- gives the scope a new serial, and the row no longer matches. The counts are what that import
-- found, reported again as unchanged. Written to run unchanged on H2 and PostgreSQL.
create table import_fingerprint (
    scope_id  bigint      not null primary key references scope (id) on delete cascade,
    digest    varchar(64) not null,
    serial    bigint      not null,
    stored    integer     not null,
    repeated  integer     not null,
    kept      integer     not null
);
