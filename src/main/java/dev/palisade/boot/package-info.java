/**
 * Start-up, the roof of the house: it wires every feature together and no feature uses it.
 *
 * <p>Palisade starts in two Spring contexts so that DNS answers as early as possible. {@link
 * dev.palisade.boot.DnsContext} comes first: the database and its migrations, the index (from the
 * index file where it is still current, else from the database) and the DNS sockets. Once it
 * answers, the rest — JPA, the web UI, the API, the jobs — starts as its child and shares its index
 * and data source; {@link dev.palisade.boot.IndexWiring} then keeps the index current from
 * committed changes, and {@link dev.palisade.boot.IndexFileSaver} writes the index file for the
 * next start. {@link dev.palisade.boot.LocalExpiry} takes entries out at their expiry; {@link
 * dev.palisade.boot.JobThreads} gives each scheduled job a thread of its own. A start without the
 * database answers DNS from the index file and stands in with 503 until it is back ({@link
 * dev.palisade.boot.DatabaseAtStart}, {@link dev.palisade.boot.Standby}). {@link
 * dev.palisade.boot.OutOfMemoryHalt}, installed first thing in {@code main}, ends the process when
 * an {@code OutOfMemoryError} ends a thread, so nothing stays half alive.
 */
package dev.palisade.boot;
