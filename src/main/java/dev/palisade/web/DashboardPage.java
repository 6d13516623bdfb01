package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.audit.AuditLog;
import dev.palisade.listing.ActiveCounts;
import dev.palisade.stats.QueryStats;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An account's dashboard: its zones and mail servers, active entries per scope and list, entries
 * added and expired in the last 24 hours, and DNS traffic.
 */
@Controller
class DashboardPage {

  private final Accounts accounts;
  private final ActiveCounts activeCounts;
  private final AuditLog audit;
  private final WebAccess access;
  private final ZoneSnippets snippets;
  private final QueryStats queryStats;
  private final Clock clock;
  private final QueryAclSection queryAcls;

  DashboardPage(
      Accounts accounts,
      ActiveCounts activeCounts,
      AuditLog audit,
      WebAccess access,
      ZoneSnippets snippets,
      QueryStats queryStats,
      Clock clock,
      QueryAclSection queryAcls) {
    this.accounts = accounts;
    this.activeCounts = activeCounts;
    this.audit = audit;
    this.access = access;
    this.snippets = snippets;
    this.queryStats = queryStats;
    this.clock = clock;
    this.queryAcls = queryAcls;
  }

  /**
   * One row of the entries-per-list table.
   *
   * @param scope the scope
   * @param counts keys like {@code BLOCK IPV4} to active entries
   */
  record ScopeCounts(ScopeDetails scope, Map<String, Long> counts) {

    long get(String key) {
      return counts.getOrDefault(key, 0L);
    }

    public long block() {
      return get("BLOCK IPV4") + get("BLOCK IPV6");
    }

    public long allow() {
      return get("ALLOW IPV4") + get("ALLOW IPV6");
    }

    public long blockDomains() {
      return get("BLOCK DOMAIN");
    }

    public long allowDomains() {
      return get("ALLOW DOMAIN");
    }
  }

  /** Entries shown in the most-hit table. */
  private static final int TOP_ENTRIES = 10;

  /** One row of the most-hit entries table. */
  /**
   * One row of the most-hit entries table, with what its actions need: the entry's id and its
   * scope's mail server name (blank for the account).
   */
  record TopEntry(
      long id,
      String value,
      String kind,
      String scope,
      String server,
      long hits,
      Instant lastHit) {}

  @GetMapping("/accounts/{slug}")
  String show(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      HttpServletRequest request,
      @RequestParam(required = false) String range,
      @RequestParam(name = "traffic", required = false) String trafficOf,
      Model model) {
    Account account = access.account(user, slug);
    model.addAttribute("here", request.getRequestURI());
    List<MailServer> servers = accounts.servers(account.getId());
    ScopeDetails accountScope = access.scope(account, null);
    List<ScopeCounts> counts = new ArrayList<>();
    counts.add(new ScopeCounts(accountScope, activeCounts.of(accountScope.scopeId())));
    for (MailServer server : servers) {
      ScopeDetails scope = access.scope(account, server.getName());
      counts.add(new ScopeCounts(scope, activeCounts.of(scope.scopeId())));
    }
    Instant since = clock.instant().minus(Duration.ofHours(24));
    Map<String, Long> changes = audit.countActions(account.getId(), "ENTRY", since);
    model.addAttribute("account", account);
    model.addAttribute("servers", servers);
    model.addAttribute("counts", counts);
    model.addAttribute(
        "totalEntries",
        counts.stream()
            .mapToLong(c -> c.block() + c.allow() + c.blockDomains() + c.allowDomains())
            .sum());
    model.addAttribute("added", changes.getOrDefault("CREATE", 0L));
    model.addAttribute("expired", changes.getOrDefault("EXPIRE", 0L));
    model.addAttribute("deleted", changes.getOrDefault("DELETE", 0L));
    model.addAttribute("snippets", snippets.of(accountScope));
    model.addAttribute("scope", accountScope);
    model.addAttribute("queryAcl", queryAcls.of(account, accountScope));
    model.addAttribute("canWrite", access.caller(user, account).write());
    // The traffic of every zone of the account, or of one mail server's zones (?traffic=mx1), or
    // of the account's own zones (?traffic=account), over ?range=24h, 7d or 35d.
    TrafficRange period = TrafficRange.of(range);
    String chosen =
        trafficOf == null
                || servers.stream().noneMatch(s -> s.getName().equals(trafficOf))
                    && !"account".equals(trafficOf)
            ? ""
            : trafficOf;
    List<String> labels =
        counts.stream()
            .filter(
                c ->
                    chosen.isEmpty()
                        || ("account".equals(chosen)
                            ? c.scope().serverId() == null
                            : chosen.equals(c.scope().serverName())))
            .map(c -> c.scope().label())
            .toList();
    model.addAttribute(
        "stats",
        TrafficChart.of(
            queryStats.hourly(labels, clock.instant(), period.hours()),
            queryStats.perZone(labels, clock.instant().minus(period.duration())),
            period));
    model.addAttribute("ranges", TrafficRange.values());
    model.addAttribute("traffic", chosen);
    Map<Long, ScopeDetails> scopeNames = new HashMap<>();
    counts.forEach(c -> scopeNames.put(c.scope().scopeId(), c.scope()));
    model.addAttribute(
        "topEntries",
        queryStats.topEntries(scopeNames.keySet(), TOP_ENTRIES).stream()
            .map(
                hit ->
                    new TopEntry(
                        hit.entryId(),
                        hit.value(),
                        hit.kind().toLowerCase(java.util.Locale.ROOT),
                        scopeNames.get(hit.scopeId()).displayName(),
                        Objects.toString(scopeNames.get(hit.scopeId()).serverName(), ""),
                        hit.hits(),
                        hit.lastHit()))
            .toList());
    return "dashboard/show";
  }
}
