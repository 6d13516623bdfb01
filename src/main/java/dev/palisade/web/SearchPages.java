package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.listing.Entry;
import dev.palisade.listing.EntryFinder;
import dev.palisade.system.security.SignedInUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Finding an address, network or name in every scope at once: all scopes of one account ({@code
 * /accounts/{slug}/search}), or every account the user may see ({@code /search}; for an operator,
 * every account there is). Shows the entries that cover it and those whose value starts with it,
 * each with its scope and links to its table, the lookup and (for writers) its edit page.
 */
@Controller
class SearchPages {

  /** Most entries shown whose value starts with the text. */
  static final int LIMIT = 100;

  private final EntryFinder finder;
  private final Accounts accounts;
  private final WebAccess access;
  private final Clock clock;

  SearchPages(EntryFinder finder, Accounts accounts, WebAccess access, Clock clock) {
    this.finder = finder;
    this.accounts = accounts;
    this.access = access;
    this.clock = clock;
  }

  /** One entry found, with its scope and whether the user may change it. */
  record Hit(Entry entry, ScopeDetails scope, boolean canWrite) {}

  @GetMapping("/accounts/{slug}/search")
  String account(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @RequestParam(required = false) String q,
      Model model) {
    Account account = access.account(user, slug);
    model.addAttribute("account", account);
    return search(user, List.of(account), false, q, model);
  }

  @GetMapping("/search")
  String everywhere(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(required = false) String q,
      Model model) {
    return search(user, access.visibleAccounts(user), user.operator(), q, model);
  }

  private String search(
      SignedInUser user, List<Account> visible, boolean everyScope, String q, Model model) {
    model.addAttribute("q", q == null ? "" : q);
    model.addAttribute("now", clock.instant());
    model.addAttribute("everyAccount", !model.containsAttribute("account"));
    if (q == null || q.isBlank()) {
      return "search/results";
    }
    Map<Long, ScopeDetails> scopes = new HashMap<>();
    Map<Long, Boolean> writable = new HashMap<>();
    for (Account account : visible) {
      var caller = access.caller(user, account);
      List<ScopeDetails> of = new ArrayList<>();
      of.add(access.scope(account, null));
      for (MailServer server : accounts.servers(account.getId())) {
        of.add(access.scope(account, server.getName()));
      }
      for (ScopeDetails scope : of) {
        if (caller.canSeeScope(account.getId(), scope.serverId())) {
          scopes.put(scope.scopeId(), scope);
          writable.put(scope.scopeId(), caller.canChangeScope(account.getId(), scope.serverId()));
        }
      }
    }
    // An operator sees every scope: the search then needs no list of them.
    EntryFinder.Found found = finder.find(everyScope ? null : scopes.keySet(), q.strip(), LIMIT);
    model.addAttribute("covering", hits(found.covering(), scopes, writable));
    model.addAttribute("starting", hits(found.starting(), scopes, writable));
    model.addAttribute("more", found.more());
    model.addAttribute("limit", LIMIT);
    return "search/results";
  }

  private List<Hit> hits(
      List<Entry> entries, Map<Long, ScopeDetails> scopes, Map<Long, Boolean> writable) {
    List<Hit> hits = new ArrayList<>();
    for (Entry entry : entries) {
      ScopeDetails scope = scopes.computeIfAbsent(entry.getScopeId(), id -> accounts.describe(id));
      hits.add(new Hit(entry, scope, writable.getOrDefault(entry.getScopeId(), false)));
    }
    return hits;
  }
}
