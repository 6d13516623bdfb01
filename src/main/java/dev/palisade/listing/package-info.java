/**
 * Block and allow entries of accounts and mail servers, and their store. {@link
 * dev.palisade.listing.Listings} is what other features call: the only writer of entries — each
 * write run by {@link dev.palisade.listing.ScopeWrites} under the scope's lock, in one transaction
 * with a new serial and audit records, and announced as {@link dev.palisade.listing.EntriesChanged}
 * after commit — and their reads, including the entries matching a lookup, ranked by {@link
 * dev.palisade.dnsbl.DecisionRule}. Also here: the entry table of the UI, the stream of active
 * entries the index is built from at start-up, the active counts, and expiry. What a value means
 * (address, network, domain pattern) is {@code dnsbl}'s {@link dev.palisade.dnsbl.EntryValue}.
 */
package dev.palisade.listing;
