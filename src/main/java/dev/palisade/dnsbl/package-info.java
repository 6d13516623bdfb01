/**
 * The DNSBL vocabulary every feature speaks: what an entry's value is ({@link
 * dev.palisade.dnsbl.EntryValue}), block, allow or exclude, return codes, the four lists of a scope
 * ({@link dev.palisade.dnsbl.ListZone}), the RFC 5782 test points ({@link
 * dev.palisade.dnsbl.TestPoints}), how a reversed name spells an address ({@link
 * dev.palisade.dnsbl.ReversedName}) and how wire labels compare, ASCII case aside ({@link
 * dev.palisade.dnsbl.AsciiLabels}). Plain Java: no Spring, no database, and no other package of
 * Palisade.
 */
package dev.palisade.dnsbl;
