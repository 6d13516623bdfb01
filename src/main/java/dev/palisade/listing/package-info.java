/**
 * Block and allow entries of a scope: their one syntax ({@link dev.palisade.dnsbl.EntryValue}),
 * storage, and {@link dev.palisade.listing.Listings}, the only writer, which announces every
 * committed change.
 */
package dev.palisade.listing;
