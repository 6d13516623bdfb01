package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiToken;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.Caller;
import dev.palisade.account.CreatedToken;
import dev.palisade.account.MailServer;
import dev.palisade.account.NewToken;
import dev.palisade.common.NotFoundException;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * API tokens of an account: the list (no secrets), creating one — its secret is shown on the next
 * page only, once — and revoking. Rights are checked by {@link ApiTokens} for the user's caller.
 */
@Controller
class TokenPages {

  private final ApiTokens tokens;
  private final Accounts accounts;
  private final WebAccess access;
  private final Clock clock;
  private final Formats formats;

  TokenPages(ApiTokens tokens, Accounts accounts, WebAccess access, Clock clock, Formats formats) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.access = access;
    this.clock = clock;
    this.formats = formats;
  }

  /** The form body of a new token; {@code server} blank for the whole account. */
  record TokenForm(String name, String server, String write) {}

  @GetMapping("/accounts/{slug}/tokens")
  String list(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    return page(model, user, account, new TokenForm("", "", "true"), new FormErrors());
  }

  @PostMapping("/accounts/{slug}/tokens")
  String create(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute TokenForm form,
      HttpServletRequest http,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    FormErrors errors = new FormErrors();
    Long serverId = null;
    if (form.server() != null && !form.server().isBlank()) {
      try {
        serverId = access.server(account, form.server()).getId();
      } catch (NotFoundException e) {
        errors.add("server", "choose the account or one of its mail servers");
      }
    }
    if (form.name() == null || form.name().isBlank()) {
      errors.add("name", "give the token a name, such as 'fail2ban on mx1'");
    }
    CreatedToken created = null;
    if (!errors.any()) {
      boolean write = "true".equals(form.write());
      NewToken request =
          serverId == null
              ? NewToken.account(form.name(), account.getId(), write)
              : NewToken.server(form.name(), account.getId(), serverId, write);
      try {
        created = tokens.create(caller, request, WebAccess.actor(caller, http));
      } catch (IllegalArgumentException e) {
        errors.add("name", e.getMessage());
      }
    }
    if (errors.any()) {
      return page(model, user, account, form, errors);
    }
    // A flash attribute lives for one request: the secret is shown once and is gone on reload.
    redirect.addFlashAttribute("secret", created.secret());
    redirect.addFlashAttribute("createdName", created.token().getName());
    return "redirect:/accounts/" + slug + "/tokens";
  }

  @PostMapping("/accounts/{slug}/tokens/{id}/revoke")
  String revoke(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      @RequestParam(required = false) String confirmed,
      HttpServletRequest http,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    ApiToken token = tokens.token(caller, id);
    if (!account.getId().equals(token.getAccountId())) {
      throw new NotFoundException("token " + id + " not found");
    }
    if (!Confirmation.given(confirmed)) {
      String last =
          token.getLastUsedAt() == null
              ? "It was never used."
              : "It was last used at " + formats.time(token.getLastUsedAt()) + " UTC.";
      return new Confirmation(
              "Revoke the token " + token.getName() + "?",
              "Whatever sends it — fail2ban, a script, a spam trap — is refused from now on, and"
                  + " its listings and delistings fail until it gets a new token. "
                  + last
                  + " A revoked token cannot be restored.",
              "/accounts/" + slug + "/tokens/" + id + "/revoke",
              "Revoke " + token.getName(),
              "/accounts/" + slug + "/tokens")
          .show(model);
    }
    tokens.revoke(caller, id, WebAccess.actor(caller, http));
    redirect.addFlashAttribute(
        "notice", "Token " + token.getName() + " was revoked; it authenticates nothing from now.");
    return "redirect:/accounts/" + slug + "/tokens";
  }

  private String page(
      Model model, SignedInUser user, Account account, TokenForm form, FormErrors errors) {
    List<MailServer> servers = accounts.servers(account.getId());
    java.util.Map<Long, String> serverNames = new java.util.HashMap<>();
    servers.forEach(s -> serverNames.put(s.getId(), s.getName()));
    model.addAttribute("account", account);
    model.addAttribute("tokens", tokens.list(account.getId()));
    model.addAttribute("now", clock.instant());
    model.addAttribute("servers", servers);
    model.addAttribute("serverNames", serverNames);
    model.addAttribute("canWrite", access.caller(user, account).write());
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    return "tokens/list";
  }
}
