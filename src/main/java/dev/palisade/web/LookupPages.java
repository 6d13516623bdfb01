package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.NotFoundException;
import dev.palisade.lookup.Lookup;
import dev.palisade.lookup.Lookups;
import dev.palisade.system.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The lookup tool: for an address or domain and a scope, exactly what DNS answers (from the DNS
 * server's own answering code) and why — the entry that decides and the entries it beat.
 */
@Controller
class LookupPages {

  private final Lookups lookups;
  private final Accounts accounts;
  private final WebAccess access;

  LookupPages(Lookups lookups, Accounts accounts, WebAccess access) {
    this.lookups = lookups;
    this.accounts = accounts;
    this.access = access;
  }

  @GetMapping("/accounts/{slug}/lookup")
  String lookup(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String q,
      Model model) {
    Account account = access.account(user, slug);
    FormErrors errors = new FormErrors();
    model.addAttribute("account", account);
    model.addAttribute("servers", accounts.servers(account.getId()));
    model.addAttribute("scopeName", scope == null ? "" : scope);
    model.addAttribute("q", q == null ? "" : q);
    model.addAttribute("errors", errors);
    if (q == null) {
      return "lookup/form";
    }
    ScopeDetails details;
    try {
      details = access.scope(account, scope);
    } catch (NotFoundException e) {
      errors.add("scope", "choose the account or one of its mail servers");
      return "lookup/form";
    }
    if (q.isBlank()) {
      errors.add("q", "enter an IP address or a domain name");
      return "lookup/form";
    }
    Lookup result = errors.check("q", () -> lookups.lookup(details, q.strip()));
    model.addAttribute("result", result);
    return "lookup/form";
  }
}
