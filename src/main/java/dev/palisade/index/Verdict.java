package dev.palisade.index;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;

/**
 * The entry that wins a lookup under the decision rule (longest match, then server over account,
 * then allow over exclusion over block).
 *
 * @param kind block, allow or exclude: a block winner lists the name in bl/dbl, an allow winner in
 *     wl/dwl, an exclusion in none
 * @param returnCode the A record to answer, in 127.0.0.0/8; 0 for an exclusion
 * @param reason TXT template ({@code $} = the queried address or the matched name), or null for
 *     none
 * @param matched the winning entry's value (network or domain pattern)
 * @param serverEntry whether the winner belongs to the mail server scope rather than its account
 */
public record Verdict(
    ListKind kind, int returnCode, String reason, EntryValue matched, boolean serverEntry) {}
