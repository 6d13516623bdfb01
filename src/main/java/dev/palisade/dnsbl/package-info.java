/**
 * The DNSBL vocabulary every feature speaks: what an entry's value is ({@link
 * dev.palisade.dnsbl.EntryValue}), block or allow, return codes. Plain Java: no Spring, no
 * database, and no other package of Palisade.
 */
package dev.palisade.dnsbl;
