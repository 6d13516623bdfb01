package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiToken;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.Caller;
import dev.palisade.account.CreatedToken;
import dev.palisade.account.MailServer;
import dev.palisade.account.NewToken;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * API tokens: an account's (for its users) and the operator tokens (for operators, at {@code
 * /tokens}: the bootstrap token and the one generated at the first start are among them, so they
 * can be revoked here). The list (no secrets), creating one — its secret is shown on the next page
 * only, once — with an optional expiry day, and revoking. Rights are checked by {@link ApiTokens}
 * for the user's caller.
 */
@Controller
class TokenPages {

  private static final String OPERATORS_ONLY = "Only operators manage operator tokens.";

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

  /**
   * The form body of a new token; {@code server} blank for the whole account, {@code expires} a day
   * ({@code 2027-01-31}) or blank for never.
   */
  record TokenForm(String name, String server, String write, String expires) {}

  private static final TokenForm EMPTY = new TokenForm("", "", "true", "");

  @GetMapping("/accounts/{slug}/tokens")
  String list(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    return page(model, account, access.caller(user, account).write(), EMPTY, new FormErrors());
  }

  @GetMapping("/tokens")
  String operatorList(@AuthenticationPrincipal SignedInUser user, Model model) {
    Caller caller = access.operator(user, OPERATORS_ONLY);
    return page(model, null, caller.write(), EMPTY, new FormErrors());
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
    return create(access.writer(user, account), account, form, http, model, redirect);
  }

  @PostMapping("/tokens")
  String createOperatorToken(
      @AuthenticationPrincipal SignedInUser user,
      @ModelAttribute TokenForm form,
      HttpServletRequest http,
      Model model,
      RedirectAttributes redirect) {
    Caller caller = access.operator(user, OPERATORS_ONLY);
    return create(caller, null, form, http, model, redirect);
  }

  /** Creates an account's token, or an operator token for {@code account} null. */
  private String create(
      Caller caller,
      Account account,
      TokenForm form,
      HttpServletRequest http,
      Model model,
      RedirectAttributes redirect) {
    FormErrors errors = new FormErrors();
    Long serverId = null;
    if (account != null && form.server() != null && !form.server().isBlank()) {
      try {
        serverId = access.server(account, form.server()).getId();
      } catch (NotFoundException e) {
        errors.add("server", "choose the account or one of its mail servers");
      }
    }
    if (form.name() == null || form.name().isBlank()) {
      errors.add("name", "give the token a name, such as 'fail2ban on mx1'");
    }
    Instant expires = errors.check("expires", () -> expiry(form.expires()));
    CreatedToken created = null;
    if (!errors.any()) {
      boolean write = "true".equals(form.write());
      NewToken request;
      if (account == null) {
        request = NewToken.operator(form.name(), write);
      } else if (serverId == null) {
        request = NewToken.account(form.name(), account.getId(), write);
      } else {
        request = NewToken.server(form.name(), account.getId(), serverId, write);
      }
      try {
        created = tokens.create(caller, request.expiringAt(expires), WebAccess.actor(caller, http));
      } catch (IllegalArgumentException | ConflictException e) {
        errors.add("name", e.getMessage());
      }
    }
    if (errors.any()) {
      return page(model, account, true, form, errors);
    }
    // A flash attribute lives for one request: the secret is shown once and is gone on reload.
    redirect.addFlashAttribute("secret", created.secret());
    redirect.addFlashAttribute("createdName", created.token().getName());
    return "redirect:" + listPath(account);
  }

  /**
   * The moment a token given an expiry day stops working: the start of that day in UTC, which must
   * be after today. Null for a blank field.
   */
  private Instant expiry(String day) {
    if (day == null || day.isBlank()) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(day.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "enter the expiry as a day such as 2027-01-31, or leave it empty for never");
    }
    if (!date.isAfter(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
      throw new IllegalArgumentException("choose a day after today (UTC) for the token to expire");
    }
    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
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
    return revoke(access.writer(user, account), account, id, confirmed, http, model, redirect);
  }

  @PostMapping("/tokens/{id}/revoke")
  String revokeOperatorToken(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable long id,
      @RequestParam(required = false) String confirmed,
      HttpServletRequest http,
      Model model,
      RedirectAttributes redirect) {
    Caller caller = access.operator(user, OPERATORS_ONLY);
    return revoke(caller, null, id, confirmed, http, model, redirect);
  }

  /** Revokes a token of the account, or an operator token for {@code account} null. */
  private String revoke(
      Caller caller,
      Account account,
      long id,
      String confirmed,
      HttpServletRequest http,
      Model model,
      RedirectAttributes redirect) {
    ApiToken token = tokens.token(caller, id);
    boolean listedHere =
        account == null ? token.isOperator() : account.getId().equals(token.getAccountId());
    if (!listedHere) {
      throw new NotFoundException("token " + id + " not found");
    }
    String list = listPath(account);
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
              list + "/" + id + "/revoke",
              "Revoke " + token.getName(),
              list)
          .show(model);
    }
    tokens.revoke(caller, id, WebAccess.actor(caller, http));
    redirect.addFlashAttribute(
        "notice", "Token " + token.getName() + " was revoked; it authenticates nothing from now.");
    return "redirect:" + list;
  }

  private static String listPath(Account account) {
    return account == null ? "/tokens" : "/accounts/" + account.getSlug() + "/tokens";
  }

  private String page(
      Model model, Account account, boolean canWrite, TokenForm form, FormErrors errors) {
    List<MailServer> servers = account == null ? List.of() : accounts.servers(account.getId());
    Map<Long, String> serverNames = new HashMap<>();
    servers.forEach(s -> serverNames.put(s.getId(), s.getName()));
    List<ApiToken> listed =
        account == null
            ? tokens.listAll().stream().filter(ApiToken::isOperator).toList()
            : tokens.list(account.getId());
    model.addAttribute("account", account);
    model.addAttribute("listPath", listPath(account));
    model.addAttribute("tokens", listed);
    model.addAttribute("now", clock.instant());
    model.addAttribute("tomorrow", LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1));
    model.addAttribute("servers", servers);
    model.addAttribute("serverNames", serverNames);
    model.addAttribute("canWrite", canWrite);
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    return "tokens/list";
  }
}
