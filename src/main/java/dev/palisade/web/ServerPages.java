package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.ConflictException;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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

  ServerPages(
      Accounts accounts, WebAccess access, ZoneSnippets snippets, QueryAclSection queryAcls) {
    this.accounts = accounts;
    this.access = access;
    this.snippets = snippets;
    this.queryAcls = queryAcls;
  }

  /** The form body of a new or renamed server. */
  record ServerForm(String name) {}

  @GetMapping("/accounts/{slug}/servers/new")
  String form(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    model.addAttribute("account", account);
    model.addAttribute("form", new ServerForm(""));
    model.addAttribute("errors", new FormErrors());
    return "servers/new";
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
    MailServer server = null;
    try {
      server =
          accounts.createServer(account.getId(), form.name(), WebAccess.actor(caller, request));
    } catch (ConflictException | IllegalArgumentException e) {
      errors.add("name", e.getMessage());
    }
    if (errors.any()) {
      model.addAttribute("account", account);
      model.addAttribute("form", form);
      model.addAttribute("errors", errors);
      return "servers/new";
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
    model.addAttribute("snippets", snippets.of(scope.label()));
    model.addAttribute("queryAcl", queryAcls.of(account, scope));
    model.addAttribute("canWrite", caller.write());
    model.addAttribute("operator", caller.operator());
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
    MailServer renamed = null;
    try {
      renamed =
          accounts.renameServer(server.getId(), form.name(), WebAccess.actor(caller, request));
    } catch (ConflictException | IllegalArgumentException e) {
      errors.add("name", e.getMessage());
    }
    if (errors.any()) {
      return show(model, account, server, caller, form, "", errors);
    }
    redirect.addFlashAttribute(
        "notice", "The server is now called " + renamed.getName() + "; its zones did not change.");
    return "redirect:/accounts/" + slug + "/servers/" + renamed.getName();
  }

  /** The form body of a chosen zone label; blank asks for a random one. */
  record LabelForm(String label) {}

  /**
   * Gives the server's zones the label asked for (one of the account's namespace, any free one for
   * an operator), or a random one when the field is blank; a refusal is shown next to the field
   * with the API's message.
   */
  @PostMapping("/accounts/{slug}/servers/{name}/zone-label")
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
    String wanted = form.label() == null || form.label().isBlank() ? null : form.label();
    FormErrors errors = new FormErrors();
    try {
      accounts.changeLabel(scope.scopeId(), wanted, caller, WebAccess.actor(caller, request));
    } catch (ConflictException | IllegalArgumentException e) {
      errors.add("label", e.getMessage());
    }
    if (errors.any()) {
      return show(
          model, account, server, caller, new ServerForm(server.getName()), form.label(), errors);
    }
    redirect.addFlashAttribute(
        "notice",
        "The zones have a new name. The old names stop answering now and stay reserved to this"
            + " account: update your mail servers.");
    return "redirect:/accounts/" + slug + "/servers/" + name;
  }

  @PostMapping("/accounts/{slug}/servers/{name}/secret-label")
  String secretLabel(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable String name,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    ScopeDetails scope = access.scope(account, name);
    accounts.changeLabel(scope.scopeId(), null, caller, WebAccess.actor(caller, request));
    redirect.addFlashAttribute(
        "notice",
        "The zones have a new secret name. The old names stop answering now: update your mail"
            + " servers.");
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
