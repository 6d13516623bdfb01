package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.LabelOverlaps;
import dev.palisade.account.LabelSettings;
import dev.palisade.account.MailServer;
import dev.palisade.account.RetiredLabel;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.ConflictException;
import dev.palisade.dnsbl.Networks;
import dev.palisade.listing.EntryGuard;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * Mail servers of an account: create, show (zone names and ready-to-paste Postfix and unbound
 * configuration), rename, give a secret zone label, delete. Changing needs an admin of the account.
 */
@Controller
class ServerPages {

  private final Accounts accounts;
  private final WebAccess access;
  private final ZoneSnippets snippets;
  private final QueryAclSection queryAcls;
  private final LabelOverlaps overlaps;
  private final LabelSettings labels;
  private final Formats formats;
  private final Clock clock;
  private final EntryGuard guard;

  ServerPages(
      Accounts accounts,
      WebAccess access,
      ZoneSnippets snippets,
      QueryAclSection queryAcls,
      LabelOverlaps overlaps,
      LabelSettings labels,
      Formats formats,
      Clock clock,
      EntryGuard guard) {
    this.guard = guard;
    this.accounts = accounts;
    this.access = access;
    this.snippets = snippets;
    this.queryAcls = queryAcls;
    this.overlaps = overlaps;
    this.labels = labels;
    this.formats = formats;
    this.clock = clock;
  }

  /** An old zone name still answering: its label, its block list zone and until when. */
  record OldName(String label, String blockZone, Instant until) {}

  /** The form body of a new or renamed server. */
  record ServerForm(String name) {}

  @GetMapping("/accounts/{slug}/servers/new")
  String form(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    model.addAttribute("account", account);
    return new FormErrors().page(model, new ServerForm(""), "servers/new");
  }

  @PostMapping("/accounts/{slug}/servers")
  String create(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute ServerForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    FormErrors errors = new FormErrors();
    MailServer server =
        errors.attempt(
            "name",
            () ->
                accounts.createServer(
                    account.getId(), form.name(), WebAccess.actor(caller, request)));
    if (errors.any()) {
      model.addAttribute("account", account);
      return errors.page(model, form, "servers/new");
    }
    redirect.addFlashAttribute("notice", "Mail server " + server.getName() + " was created.");
    return "redirect:/accounts/" + slug + "/servers/" + server.getName();
  }

  @GetMapping("/accounts/{slug}/servers/{name}")
  String show(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      Model model) {
    Account account = access.account(user, slug);
    MailServer server = access.server(account, name);
    Caller caller = access.caller(user, account);
    return show(
        model, account, server, caller, new ServerForm(server.getName()), "", new FormErrors());
  }

  /** The server's page: its zones, their configuration snippets, the rename and label forms. */
  private String show(
      Model model,
      Account account,
      MailServer server,
      Caller caller,
      ServerForm form,
      String label,
      FormErrors errors) {
    ScopeDetails scope = access.scope(account, server.getName());
    model.addAttribute("account", account);
    model.addAttribute("server", server);
    model.addAttribute("scope", scope);
    model.addAttribute("snippets", snippets.of(scope));
    model.addAttribute("queryAcl", queryAcls.of(account, scope));
    model.addAttribute(
        "formerLabels",
        overlaps.of(scope.scopeId()).stream()
            .map(
                old ->
                    new OldName(
                        old.getZoneLabel(),
                        snippets.zones(old.getZoneLabel()).get("bl"),
                        old.getAnswersUntil()))
            .toList());
    model.addAttribute("canWrite", caller.write());
    model.addAttribute("operator", caller.operator());
    if (!model.containsAttribute("ownAddressesForm")) {
      Networks own = server.getOwnAddresses();
      model.addAttribute("ownAddressesForm", own == null ? "" : own.text());
    }
    model.addAttribute("form", form);
    model.addAttribute("labelForm", label);
    model.addAttribute("errors", errors);
    return "servers/show";
  }

  @PostMapping("/accounts/{slug}/servers/{name}/rename")
  String rename(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      @ModelAttribute ServerForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    MailServer server = access.server(account, name);
    FormErrors errors = new FormErrors();
    MailServer renamed =
        errors.attempt(
            "name",
            () ->
                accounts.renameServer(
                    server.getId(), form.name(), WebAccess.actor(caller, request)));
    if (errors.any()) {
      return show(model, account, server, caller, form, "", errors);
    }
    redirect.addFlashAttribute(
        "notice", "The server is now called " + renamed.getName() + "; its zones did not change.");
    return "redirect:/accounts/" + slug + "/servers/" + renamed.getName();
  }

  /**
   * The form body of a new zone label.
   *
   * @param label the label; blank asks for a random one
   * @param keep {@code stop} to end the old label at once; anything else keeps it answering for
   *     {@code palisade.labels.overlap}
   * @param confirmed {@code true} once the confirmation page was seen
   */
  record LabelForm(String label, String keep, String confirmed) {}

  /**
   * Gives the server's zones the label asked for (one of the account's namespace, any free one for
   * an operator), or a random one when the field is blank. A refusal is shown next to the field
   * with the API's message; an acceptable label first leads to a page saying what happens to the
   * old names, whose button confirms.
   */
  @PostMapping({
    "/accounts/{slug}/servers/{name}/zone-label",
    "/accounts/{slug}/servers/{name}/secret-label"
  })
  String chooseLabel(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      @ModelAttribute LabelForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    MailServer server = access.server(account, name);
    ScopeDetails scope = access.scope(account, name);
    String wanted = form.label() == null || form.label().isBlank() ? null : form.label().strip();
    FormErrors errors = new FormErrors();
    try {
      if (!Confirmation.given(form.confirmed())) {
        accounts
            .labelRefusal(scope.scopeId(), wanted, caller)
            .ifPresent(why -> errors.add("label", why));
        if (!errors.any()) {
          return confirmLabel(model, account, server, scope, wanted);
        }
      } else {
        Duration overlap = "stop".equals(form.keep()) ? Duration.ZERO : null;
        accounts.changeLabel(
            scope.scopeId(), wanted, overlap, caller, WebAccess.actor(caller, request));
      }
    } catch (ConflictException | IllegalArgumentException e) {
      errors.add("label", e.getMessage());
    }
    if (errors.any()) {
      return show(
          model, account, server, caller, new ServerForm(server.getName()), form.label(), errors);
    }
    List<RetiredLabel> answering = overlaps.of(scope.scopeId());
    String old = scope.label();
    Optional<RetiredLabel> kept =
        answering.stream().filter(l -> l.getZoneLabel().equals(old)).findFirst();
    redirect.addFlashAttribute(
        "notice",
        kept.isPresent()
            ? "The zones have a new name. The old name "
                + old
                + " answers as before until "
                + formats.time(kept.get().getAnswersUntil())
                + " UTC: update your mail servers before then."
            : "The zones have a new name. The old name "
                + old
                + " stopped answering: update your mail servers now.");
    return "redirect:/accounts/" + slug + "/servers/" + name;
  }

  /** The page that says what a new zone label does to the old names before it is given. */
  private String confirmLabel(
      Model model, Account account, MailServer server, ScopeDetails scope, String wanted) {
    model.addAttribute("account", account);
    model.addAttribute("server", server);
    model.addAttribute("current", snippets.zones(scope.label()));
    model.addAttribute("wanted", wanted == null ? "" : wanted);
    model.addAttribute("next", wanted == null ? null : snippets.zones(wanted));
    Duration overlap = labels.overlap();
    model.addAttribute("overlap", overlap.isZero() ? null : Formats.duration(overlap));
    model.addAttribute("overlapEnds", clock.instant().plus(overlap));
    return "servers/relabel";
  }

  /**
   * Ends the overlap of an old zone label of the server now, after a confirmation page: it answers
   * NXDOMAIN from then on.
   */
  @PostMapping("/accounts/{slug}/servers/{name}/former-labels/{label}/end")
  String endOverlap(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      @PathVariable String label,
      @RequestParam(required = false) String confirmed,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    ScopeDetails scope = access.scope(account, name);
    String page = "/accounts/" + slug + "/servers/" + name;
    if (!Confirmation.given(confirmed)) {
      return new Confirmation(
              "Stop the old zone name " + label + " now?",
              "Mail servers and resolvers still configured with "
                  + label
                  + " get NXDOMAIN from now on: they stop blocking and allowing with these"
                  + " lists, without an error. The name stays reserved to this account.",
              page + "/former-labels/" + label + "/end",
              "Stop answering under " + label,
              page)
          .show(model);
    }
    overlaps.end(scope.scopeId(), label, WebAccess.actor(caller, request));
    redirect.addFlashAttribute("notice", "The old zone name " + label + " stopped answering.");
    return "redirect:" + page;
  }

  /** The form body of a server's own addresses, separated by commas, blanks or lines. */
  record OwnAddressesForm(String ownAddresses) {}

  /**
   * Sets the server's own addresses, which no entry may block for it; refused, next to the field,
   * when an entry blocks one of them now.
   */
  @PostMapping("/accounts/{slug}/servers/{name}/own-addresses")
  String ownAddresses(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      @ModelAttribute OwnAddressesForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    MailServer server = access.server(account, name);
    FormErrors errors = new FormErrors();
    errors.attempt(
        "ownAddresses",
        () -> {
          guard.setOwnAddresses(
              server.getId(), form.ownAddresses(), WebAccess.actor(caller, request));
          return null;
        });
    if (errors.any()) {
      model.addAttribute("ownAddressesForm", form.ownAddresses());
      return show(model, account, server, caller, new ServerForm(server.getName()), "", errors);
    }
    redirect.addFlashAttribute(
        "notice",
        form.ownAddresses() == null || form.ownAddresses().isBlank()
            ? "The server has no own addresses now."
            : "No entry can block the server's own addresses for it from now on.");
    return "redirect:/accounts/" + slug + "/servers/" + name;
  }

  @GetMapping("/accounts/{slug}/servers/{name}/delete")
  String confirmDelete(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    model.addAttribute("account", account);
    model.addAttribute("server", access.server(account, name));
    return "servers/delete";
  }

  @PostMapping("/accounts/{slug}/servers/{name}/delete")
  String delete(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    MailServer server = access.server(account, name);
    accounts.deleteServer(server.getId(), WebAccess.actor(caller, request));
    redirect.addFlashAttribute(
        "notice", "Mail server " + server.getName() + " and its entries were deleted.");
    return "redirect:/accounts/" + slug;
  }
}
