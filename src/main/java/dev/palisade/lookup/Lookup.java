package dev.palisade.lookup;

import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsLookup.DnsAnswer;
import dev.palisade.listing.Candidate;
import java.util.List;
import java.util.Map;

/**
 * What DNS answers for one address or domain in one scope, and why.
 *
 * @param query the address or name asked about, in canonical form
 * @param scope the scope asked
 * @param answers per list ({@code bl} and {@code wl}, or {@code dbl} and {@code dwl}) what DNS
 *     answers, exactly as a mail server gets it
 * @param winner the entry that decides, or null when no entry matches or a test point answers
 * @param beaten the other matching entries, in the order the decision rule ranks them; all matching
 *     entries when a test point answers
 * @param testPoint when the query is an RFC 5782 test point, what every zone answers for it
 *     whatever the entries say; null otherwise
 * @param why one sentence for an admin: listed or not, by which entry, over which one ("Not listed:
 *     excluded by exclusion 10.1.2.3 of the account, which beat block 10.0.0.0/8 of the account.");
 *     null when a test point answers
 */
public record Lookup(
    String query,
    ScopeDetails scope,
    Map<String, DnsAnswer> answers,
    Candidate winner,
    List<Candidate> beaten,
    String testPoint,
    String why) {}
