package dev.palisade.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.palisade.account.Caller;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsLookup.DnsAnswer;
import dev.palisade.listing.Candidate;
import dev.palisade.lookup.Lookup;
import dev.palisade.lookup.Lookups;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET .../lookup?q=192.0.2.1}: exactly what DNS answers for an address or domain in a scope,
 * with the entry that decides and the entries it beat.
 */
@RestController
@RequestMapping("/api/v1/accounts/{account}")
class LookupController {

  private final ScopeAccess access;
  private final Lookups lookups;
  private final Clock clock;

  LookupController(ScopeAccess access, Lookups lookups, Clock clock) {
    this.access = access;
    this.lookups = lookups;
    this.clock = clock;
  }

  @GetMapping({"/lookup", "/servers/{server}/lookup"})
  LookupResponse lookup(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestParam String q) {
    ScopeDetails scope = access.scope(caller, account, server, false);
    Lookup lookup = lookups.lookup(scope, q);
    return new LookupResponse(
        lookup.query(),
        scope.displayName(),
        scope.label(),
        lookup.answers(),
        lookup.winner() == null ? null : ranked(lookup.winner(), scope),
        lookup.beaten().stream().map(c -> ranked(c, scope)).toList(),
        lookup.testPoint(),
        lookup.why());
  }

  private RankedEntry ranked(Candidate candidate, ScopeDetails scope) {
    String owner = candidate.serverEntry() ? scope.displayName() : scope.accountSlug();
    return new RankedEntry(
        EntryResponse.of(candidate.entry(), owner, clock.instant()),
        candidate.specificity(),
        candidate.serverEntry());
  }

  /**
   * The lookup result.
   *
   * @param answers per list ({@code bl}/{@code wl} or {@code dbl}/{@code dwl}): the query name,
   *     rcode, A and TXT records DNS answers
   * @param winner the entry that decides, or null when none matches
   * @param beaten the other matching entries, best first
   * @param testPoint for an RFC 5782 test point, what every zone answers for it whatever the
   *     entries say (then no entry decides); absent otherwise
   * @param why the verdict in one sentence: listed or not, by which entry, over which one; absent
   *     for a test point
   */
  record LookupResponse(
      String query,
      String scope,
      String zoneLabel,
      Map<String, DnsAnswer> answers,
      RankedEntry winner,
      List<RankedEntry> beaten,
      @JsonInclude(JsonInclude.Include.NON_NULL) String testPoint,
      @JsonInclude(JsonInclude.Include.NON_NULL) String why) {}

  /**
   * A matching entry with what the decision rule weighed.
   *
   * @param specificity prefix length, or for names twice the matched labels plus one if exact
   * @param serverEntry whether it belongs to the mail server (beats the account on a tie)
   */
  record RankedEntry(EntryResponse entry, int specificity, boolean serverEntry) {}
}
