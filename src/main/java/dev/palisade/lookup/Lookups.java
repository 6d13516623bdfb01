package dev.palisade.lookup;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsLookup;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.TestPoints;
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
      return new Lookup(asked.canonical(), scope, answers, null, ranked, testPoint);
    }
    return new Lookup(
        asked.canonical(),
        scope,
        answers,
        ranked.isEmpty() ? null : ranked.get(0),
        ranked.isEmpty() ? List.of() : ranked.subList(1, ranked.size()),
        null);
  }
}
