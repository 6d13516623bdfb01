/**
 * Block and allow entries of accounts and mail servers, and their store. {@link
 * dev.palisade.listing.Listings} is what other features call: the only writer of entries (every
 * write runs through {@link dev.palisade.listing.ScopeWrites}: the scope's lock, one transaction
 * with a new serial and audit records, then {@link dev.palisade.listing.EntriesChanged} after
 * commit) and their reads. Also here: the UI's entry table, the stream of active entries the index
 * is built from at start-up, the active counts, and expiry. What a value means is {@code dnsbl}'s
 * ({@link dev.palisade.dnsbl.EntryValue}), and so is the ranking of the entries a query matches
 * ({@link dev.palisade.dnsbl.DecisionRule}).
 */
package dev.palisade.listing;
