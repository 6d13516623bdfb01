-- The Palisade nodes sharing this database, each row written by its node: when it started, where
-- its DNS listens, and at every heartbeat how far it has followed the change feed. Operators read
-- it (GET /api/v1/nodes, the web UI's Nodes page) to see which nodes answer and which are behind
-- or gone.
--
-- id               random, new at every start of a node, so two processes never share a row
-- name             palisade.cluster.node-name (the host name by default); a restarted node
--                  replaces the stopped or silent rows of its name
-- host             the host name, for nodes whose DNS listens on a wildcard address
-- dns_address      where its DNS server listens, as address:port
-- applied_serial   every change of the feed up to this serial was in its index at its last
--                  heartbeat (0: it had not yet read the feed)
-- lag_changes      changes of the feed after applied_serial, at heartbeat_at
-- lag_millis       how long the oldest of those had been waiting, or how long the node had not
--                  been able to read the feed, at heartbeat_at
-- stopped_at       set when the node stopped gracefully; null while it runs or after a crash
create table cluster_node (
    id varchar(36) not null primary key,
    name varchar(128) not null,
    host varchar(255) not null,
    version varchar(64) not null,
    dns_address varchar(300),
    started_at timestamp with time zone not null,
    heartbeat_at timestamp with time zone not null,
    applied_serial bigint not null,
    lag_changes bigint not null,
    lag_millis bigint not null,
    stopped_at timestamp with time zone
);

-- Removing the rows of nodes gone for good, by the age of their last heartbeat.
create index cluster_node_heartbeat_at on cluster_node (heartbeat_at);
