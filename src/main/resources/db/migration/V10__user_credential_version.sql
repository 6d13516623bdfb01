-- Every password change raises the user's credential version. A web UI session remembers the
-- version it signed in with and ends when the stored one has moved on: changing a password signs
-- the user out everywhere else.
alter table app_user add column credential_version bigint default 0 not null;
