/**
 * Several nodes on one PostgreSQL database: each node follows the change feed (the {@code
 * change_log} every write adds to) and applies the other nodes' changes to its own index, woken by
 * PostgreSQL notifications and by a periodic poll; and each writes itself into the list of nodes
 * ({@code cluster_node}) with how far it has followed, which operators and health read.
 */
package dev.palisade.cluster;
