package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.Users;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The list of accounts, and creating, renaming and deleting them. Operators create and delete
 * accounts; an account's admins may rename it.
 */
@Controller
class AccountPages {

  private final Accounts accounts;
  private final Users users;
  private final WebAccess access;

  AccountPages(Accounts accounts, Users users, WebAccess access) {
    this.accounts = accounts;
    this.users = users;
    this.access = access;
  }

  /** The form body of a new or renamed account. */
  record AccountForm(String slug, String name) {}

  @GetMapping("/accounts")
  String list(@AuthenticationPrincipal SignedInUser user, Model model) {
    model.addAttribute("accounts", access.visibleAccounts(user));
    return new FormErrors().page(model, new AccountForm("", ""), "accounts/list");
  }

  @PostMapping("/accounts")
  String create(
      @AuthenticationPrincipal SignedInUser user,
      @ModelAttribute AccountForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Caller caller = operator(user);
    FormErrors errors = new FormErrors();
    Account created =
        errors.attempt(
            "slug",
            () ->
                accounts.createAccount(form.slug(), form.name(), WebAccess.actor(caller, request)));
    if (errors.any()) {
      model.addAttribute("accounts", access.visibleAccounts(user));
      return errors.page(model, form, "accounts/list");
    }
    redirect.addFlashAttribute("notice", "Account " + created.getSlug() + " was created.");
    return "redirect:/accounts/" + created.getSlug();
  }

  @GetMapping("/accounts/{slug}/edit")
  String edit(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    access.writer(user, account);
    model.addAttribute("account", account);
    return new FormErrors()
        .page(model, new AccountForm(account.getSlug(), account.getName()), "accounts/edit");
  }

  @PostMapping("/accounts/{slug}/edit")
  String rename(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute AccountForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    FormErrors errors = new FormErrors();
    errors.check(
        "name",
        () ->
            accounts.renameAccount(account.getId(), form.name(), WebAccess.actor(caller, request)));
    if (errors.any()) {
      model.addAttribute("account", account);
      return errors.page(model, form, "accounts/edit");
    }
    redirect.addFlashAttribute("notice", "The account was renamed.");
    return "redirect:/accounts/" + account.getSlug();
  }

  @GetMapping("/accounts/{slug}/delete")
  String confirmDelete(
      @AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    operator(user);
    model.addAttribute("account", access.account(user, slug));
    return "accounts/delete";
  }

  @PostMapping("/accounts/{slug}/delete")
  String delete(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Caller caller = operator(user);
    Account account = access.account(user, slug);
    accounts.deleteAccount(account.getId(), WebAccess.actor(caller, request));
    redirect.addFlashAttribute(
        "notice", "Account " + account.getSlug() + " and all its entries were deleted.");
    return "redirect:/accounts";
  }

  private Caller operator(SignedInUser user) {
    if (!user.operator()) {
      throw new AccessDeniedException("Only operators create and delete accounts.");
    }
    return Users.operatorCaller(users.user(user.id()));
  }
}
