package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.Caller;
import dev.palisade.account.User;
import dev.palisade.account.Users;
import dev.palisade.common.ConflictException;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
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
 * The users of one account, for its admins: add a viewer or an admin, change a role, take a user
 * out. Everyone with a role in the account sees the list. {@link AccountMembers} enforces the
 * limits (never an operator, never another account), so this page only shows and forwards.
 */
@Controller
class AccountUserPages {

  private final Users users;
  private final AccountMembers members;
  private final WebAccess access;

  AccountUserPages(Users users, AccountMembers members, WebAccess access) {
    this.users = users;
    this.members = members;
    this.access = access;
  }

  /** The form body of a new member. */
  record MemberForm(String username, String password, String role) {}

  @GetMapping("/accounts/{slug}/users")
  String list(@AuthenticationPrincipal SignedInUser user, @PathVariable String slug, Model model) {
    Account account = access.account(user, slug);
    return page(model, user, account, new MemberForm("", "", "VIEWER"), new FormErrors());
  }

  @PostMapping("/accounts/{slug}/users")
  String add(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute MemberForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    FormErrors errors = new FormErrors();
    String name = UserPages.newUserName(errors, users, form.username(), form.password());
    AccountRole.Role role = errors.check("role", () -> UserPages.role(form.role()));
    if (!errors.any()) {
      try {
        members.addMember(
            caller, account.getId(), name, form.password(), role, WebAccess.actor(caller, request));
      } catch (ConflictException e) {
        errors.add("username", e.getMessage());
      } catch (IllegalArgumentException e) {
        errors.add(FormErrors.FORM, e.getMessage());
      }
    }
    if (errors.any()) {
      return page(model, user, account, new MemberForm(form.username(), "", form.role()), errors);
    }
    redirect.addFlashAttribute(
        "notice",
        name
            + " is now "
            + describe(role)
            + " of "
            + account.getSlug()
            + ". They choose their own password when they first sign in.");
    return "redirect:/accounts/" + slug + "/users";
  }

  @PostMapping("/accounts/{slug}/users/{id}/role")
  String changeRole(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      @ModelAttribute MemberForm form,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    try {
      AccountRole.Role role = UserPages.role(form.role());
      members.changeMemberRole(caller, account.getId(), id, role, WebAccess.actor(caller, request));
      redirect.addFlashAttribute(
          "notice",
          users.user(id).getUsername() + " is now " + describe(role) + " of " + slug + ".");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", capitalised(e.getMessage()));
    }
    return "redirect:/accounts/" + slug + "/users";
  }

  @PostMapping("/accounts/{slug}/users/{id}/remove")
  String remove(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      @RequestParam(required = false) String confirmed,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    if (!Confirmation.given(confirmed)) {
      User target = users.user(id);
      return new Confirmation(
              "Take " + target.getUsername() + " out of " + slug + "?",
              target.getUsername()
                  + " can no longer see or change this account. A user who works in no other"
                  + " account is deleted with it and can no longer sign in.",
              "/accounts/" + slug + "/users/" + id + "/remove",
              "Take " + target.getUsername() + " out",
              "/accounts/" + slug + "/users")
          .show(model);
    }
    try {
      User target = users.user(id);
      boolean deleted =
          members.removeMember(caller, account.getId(), id, WebAccess.actor(caller, request));
      redirect.addFlashAttribute(
          "notice",
          target.getUsername()
              + " was taken out of "
              + slug
              + (deleted ? " and deleted, having no other account." : "."));
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("problem", capitalised(e.getMessage()));
    }
    return "redirect:/accounts/" + slug + "/users";
  }

  private String page(
      Model model, SignedInUser user, Account account, MemberForm form, FormErrors errors) {
    model.addAttribute("account", account);
    model.addAttribute("members", members.members(account.getId()));
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("canWrite", access.caller(user, account).write());
    model.addAttribute("myId", user.id());
    return "users/account";
  }

  private static String describe(AccountRole.Role role) {
    return role == AccountRole.Role.ADMIN ? "an admin" : "a viewer";
  }

  private static String capitalised(String message) {
    return message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1);
  }
}
