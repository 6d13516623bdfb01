/**
 * Several nodes on one PostgreSQL database: each node follows the change feed (the {@code
 * change_log} every write adds to) and applies the other nodes' changes to its own index, woken by
 * PostgreSQL notifications and by a periodic poll.
 */
package dev.palisade.cluster;
