package dev.palisade.lookup;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsLookup;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.listing.Candidate;
import dev.palisade.listing.Listings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Answers "is X listed for scope S, and why?": the DNS answers come from the DNS server's own
 * answering code, the reasons from the store's matching entries ranked by the decision rule.
 * Thread-safe.
 */
@Service
public class Lookups {

  private final Accounts accounts;
  private final Listings listings;
  private final DnsLookup dns;

  Lookups(Accounts accounts, Listings listings, DnsLookup dns) {
    this.accounts = accounts;
    this.listings = listings;
    this.dns = dns;
  }

  /**
   * Looks up one address or domain name in a scope, also as a mail log writes it ({@code
   * host[192.0.2.1]}, {@code <user@example.com>}: {@link LookupQuery}). Throws {@link
   * dev.palisade.dnsbl.InvalidEntryException} when the query is not one address or name.
   */
  public Lookup lookup(ScopeDetails scope, String query) {
    String value = LookupQuery.of(query);
    EntryValue asked = EntryValue.parse(value);
    long accountScope = accounts.accountScope(scope.accountId()).id();
    Long serverScope = scope.serverId() == null ? null : scope.scopeId();
    List<Candidate> ranked = listings.candidates(serverScope, accountScope, value);
    Map<String, DnsLookup.DnsAnswer> answers = new LinkedHashMap<>();
    for (ListKind kind : List.of(ListKind.BLOCK, ListKind.ALLOW)) {
      ListZone list = ListZone.of(kind, asked.type());
      answers.put(list.label(), dns.ask(dns.queryName(scope.label(), list, asked)));
    }
    String testPoint = TestPoints.shadows(asked) ? TestPoints.whyNotAnEntry(asked) : null;
    if (testPoint != null) {
      // The test point answers, not an entry: none of them decides (RFC 5782 §5).
      return new Lookup(asked.canonical(), scope, answers, null, ranked, testPoint, null);
    }
    Candidate winner = ranked.isEmpty() ? null : ranked.get(0);
    List<Candidate> beaten = ranked.isEmpty() ? List.of() : ranked.subList(1, ranked.size());
    return new Lookup(
        asked.canonical(), scope, answers, winner, beaten, null, why(winner, beaten, asked.type()));
  }

  /**
   * The verdict in one sentence: which list names the value, by which entry, and the entry it beat
   * that would have decided otherwise (for an exclusion, the block or allow entry it took the value
   * out of).
   */
  static String why(Candidate winner, List<Candidate> beaten, ValueType type) {
    if (winner == null) {
      return "Not listed: no entry matches.";
    }
    ListKind kind = winner.entry().getKind();
    String verdict =
        switch (kind) {
          case BLOCK -> "Listed in " + ListZone.of(kind, type).label() + ": blocked by ";
          case ALLOW -> "Listed in " + ListZone.of(kind, type).label() + ": allowed by ";
          case EXCLUDE -> "Not listed: excluded by ";
        };
    Candidate next =
        beaten.stream()
            .filter(c -> c.entry().getKind().listed())
            .findFirst()
            .orElse(beaten.isEmpty() ? null : beaten.get(0));
    String over = next == null ? "" : ", which beat " + describe(next);
    String note =
        kind == ListKind.EXCLUDE
            ? " An exclusion is not an allowance: no list names " + winner.entry().getValue() + "."
            : "";
    return verdict + describe(winner) + over + "." + note;
  }

  private static String describe(Candidate candidate) {
    return candidate.entry().getKind().listName()
        + " "
        + candidate.entry().getValue()
        + " of "
        + (candidate.serverEntry() ? "the mail server" : "the account");
  }
}
