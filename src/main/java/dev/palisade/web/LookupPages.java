package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.NotFoundException;
import dev.palisade.lookup.Lookup;
import dev.palisade.lookup.Lookups;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The lookup tool: for an address or domain (or a mail log line naming one) and a scope, exactly
 * what DNS answers (from the DNS server's own answering code) and why — the entry that decides and
 * the entries it beat; or, for {@link #EVERY_SCOPE}, the verdict in each scope of the account. A
 * writer can act on what it shows: block or allow the value in a scope of choice, expire or delete
 * an entry that matched (through the entries' own forms and confirmations).
 */
@Controller
class LookupPages {

  /** The scope choice that asks every scope of the account at once. */
  static final String EVERY_SCOPE = "*";

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
      HttpServletRequest request,
      Model model) {
    Account account = access.account(user, slug);
    FormErrors errors = new FormErrors();
    List<MailServer> servers = accounts.servers(account.getId());
    model.addAttribute("account", account);
    model.addAttribute("servers", servers);
    model.addAttribute("scopeName", scope == null ? "" : scope);
    model.addAttribute("q", q == null ? "" : q);
    model.addAttribute("errors", errors);
    model.addAttribute("canWrite", access.caller(user, account).write());
    model.addAttribute(
        "here",
        request.getRequestURI()
            + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
    if (q == null) {
      return "lookup/form";
    }
    List<ScopeDetails> scopes = new ArrayList<>();
    try {
      if (EVERY_SCOPE.equals(scope)) {
        scopes.add(access.scope(account, null));
        for (MailServer server : servers) {
          scopes.add(access.scope(account, server.getName()));
        }
      } else {
        scopes.add(access.scope(account, scope));
      }
    } catch (NotFoundException e) {
      errors.add("scope", "choose the account or one of its mail servers");
      return "lookup/form";
    }
    if (q.isBlank()) {
      errors.add("q", "enter an IP address or a domain name");
      return "lookup/form";
    }
    List<Lookup> results = new ArrayList<>();
    for (ScopeDetails details : scopes) {
      Lookup result = errors.check("q", () -> lookups.lookup(details, q.strip()));
      if (result == null) {
        return "lookup/form";
      }
      results.add(result);
    }
    if (EVERY_SCOPE.equals(scope)) {
      model.addAttribute("results", results);
    } else {
      model.addAttribute("result", results.get(0));
    }
    return "lookup/form";
  }
}
