package dev.palisade.zonefile;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;

/**
 * One entry read from a data file. A range or partial form on one line may yield several entries
 * with the same line number.
 *
 * @param line the 1-based line the entry was read from
 * @param kind block or allow, the file's list; exclude for an rbldnsd exclusion ({@code !entry})
 * @param value what the entry matches, in canonical form
 * @param returnCode the A value (an address in 127.0.0.0/8 as an int, see {@link
 *     dev.palisade.dnsbl.ReturnCode}); null when neither the line nor a default line set one, so
 *     the list's default applies. Always null for exclusions.
 * @param reason the TXT template, {@code $} standing for the queried address or the matched domain;
 *     null for no TXT. Always null for exclusions.
 */
public record ZoneFileEntry(
    int line, ListKind kind, EntryValue value, Integer returnCode, String reason) {}
