package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.User;
import dev.palisade.account.Users;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * Users of the web UI, for operators: list with their roles, create (operator, or admin or viewer
 * of an account), give and take roles, set a new password for someone who forgot theirs, delete.
 */
@Controller
class UserPages {

  private final Users users;
  private final AccountMembers members;
  private final Accounts accounts;
  private final WebAccess access;

  UserPages(Users users, AccountMembers members, Accounts accounts, WebAccess access) {
    this.users = users;
    this.members = members;
    this.accounts = accounts;
    this.access = access;
  }

  /** The form body of a new user; {@code operator} is "true" when checked. */
  record UserForm(String username, String password, String operator, String account, String role) {}

  /** The form body of a role to give; {@code role} "NONE" takes the role away. */
  record RoleForm(String account, String role) {}

  @GetMapping("/users")
  String list(@AuthenticationPrincipal SignedInUser user, Model model) {
    operator(user);
    return page(model, new UserForm("", "", "", "", "VIEWER"), new FormErrors());
  }

  @PostMapping("/users")
  String create(
      @AuthenticationPrincipal SignedInUser user,
      @ModelAttribute UserForm form,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Caller caller = operator(user);
    FormErrors errors = new FormErrors();
    String name = newUserName(errors, users, form.username(), form.password());
    boolean operator = "true".equals(form.operator());
    Long accountId = null;
    AccountRole.Role role = null;
    if (!operator) {
      try {
        accountId = accounts.accountBySlug(form.account()).getId();
      } catch (NotFoundException e) {
        errors.add("account", "choose the account the user works in, or make them an operator");
      }
      role = errors.check("role", () -> role(form.role()));
    }
    if (!errors.any()) {
      try {
        if (operator) {
          users.createOperator(name, form.password(), WebAccess.actor(caller, request));
        } else {
          members.createMember(
              name, form.password(), accountId, role, WebAccess.actor(caller, request));
        }
      } catch (ConflictException e) {
        errors.add("username", e.getMessage());
      } catch (IllegalArgumentException e) {
        errors.add(FormErrors.FORM, e.getMessage());
      }
    }
    if (errors.any()) {
      return page(
          model,
          new UserForm(form.username(), "", form.operator(), form.account(), form.role()),
          errors);
    }
    redirect.addFlashAttribute(
        "notice",
        "User " + name + " was created. They choose their own password when they first sign in.");
    return "redirect:/users";
  }

  @PostMapping("/users/{id}/roles")
  String grant(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable long id,
      @ModelAttribute RoleForm form,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Caller caller = operator(user);
    User target = users.user(id);
    Account account = accounts.accountBySlug(form.account());
    if ("NONE".equals(form.role())) {
      members.removeRole(id, account.getId(), WebAccess.actor(caller, request));
      redirect.addFlashAttribute(
          "notice", target.getUsername() + " no longer sees " + account.getSlug() + ".");
    } else {
      members.grant(id, account.getId(), role(form.role()), WebAccess.actor(caller, request));
      redirect.addFlashAttribute(
          "notice",
          target.getUsername()
              + " is now "
              + form.role().toLowerCase(Locale.ROOT)
              + " of "
              + account.getSlug()
              + ".");
    }
    return "redirect:/users";
  }

  /** The form body of a password an operator sets for another user. */
  record PasswordForm(String password) {}

  @PostMapping("/users/{id}/password")
  String resetPassword(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable long id,
      @ModelAttribute PasswordForm form,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Caller caller = operator(user);
    User target = users.user(id);
    try {
      users.resetPassword(id, user.id(), form.password(), WebAccess.actor(caller, request));
      redirect.addFlashAttribute(
          "notice",
          "New password set for "
              + target.getUsername()
              + ". Their sessions were signed out; they must choose their own password when they"
              + " next sign in.");
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      redirect.addFlashAttribute(
          "problem",
          "The password of " + target.getUsername() + " was not changed: " + message + ".");
    }
    return "redirect:/users";
  }

  @PostMapping("/users/{id}/delete")
  String delete(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable long id,
      @RequestParam(required = false) String confirmed,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Caller caller = operator(user);
    if (id == user.id()) {
      throw new ConflictException("You cannot delete yourself.");
    }
    User target = users.user(id);
    if (!Confirmation.given(confirmed)) {
      return new Confirmation(
              "Delete the user " + target.getUsername() + "?",
              target.getUsername()
                  + " can no longer sign in, and is signed out of every session at the next"
                  + " request. Their changes stay in the audit log under their name."
                  + (target.isOperator() ? " They are an operator." : ""),
              "/users/" + id + "/delete",
              "Delete " + target.getUsername(),
              "/users")
          .show(model);
    }
    users.delete(id, WebAccess.actor(caller, request));
    redirect.addFlashAttribute("notice", "User " + target.getUsername() + " was deleted.");
    return "redirect:/users";
  }

  private String page(Model model, UserForm form, FormErrors errors) {
    List<User> all = users.all();
    List<Account> accountList = accounts.allAccounts();
    Map<Long, String> slugs = new HashMap<>();
    accountList.forEach(a -> slugs.put(a.getId(), a.getSlug()));
    Map<Long, List<String>> roles = new HashMap<>();
    for (User u : all) {
      roles.put(
          u.getId(),
          members.roles(u.getId()).stream()
              .map(
                  r ->
                      slugs.get(r.getAccountId())
                          + " ("
                          + r.getRole().name().toLowerCase(Locale.ROOT)
                          + ")")
              .sorted()
              .toList());
    }
    // Each row's role form starts at the user's first account and the role held there, so
    // pressing "Set" as it is changes nothing.
    Map<Long, AccountRole> current = new HashMap<>();
    for (User u : all) {
      members.roles(u.getId()).stream()
          .filter(r -> slugs.containsKey(r.getAccountId()))
          .min(Comparator.comparing(r -> slugs.get(r.getAccountId())))
          .ifPresent(r -> current.put(u.getId(), r));
    }
    model.addAttribute("users", all);
    model.addAttribute("roles", roles);
    model.addAttribute("slugs", slugs);
    model.addAttribute("current", current);
    model.addAttribute("accounts", accountList);
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    return "users/list";
  }

  /**
   * Checks the name and the first password of a new user, each problem noted under its field
   * ({@code username}, {@code password}): the name as it will be stored, or null when it is
   * refused. Both forms that make users show these fields from {@code fragments/users :: newUser}.
   */
  static String newUserName(FormErrors errors, Users users, String username, String password) {
    String name = errors.check("username", () -> Users.checkUsername(username));
    errors.check(
        "password",
        () -> {
          users.checkPassword(name, password);
          return null;
        });
    return name;
  }

  /** The role a form names; {@link IllegalArgumentException} for anything else. */
  static AccountRole.Role role(String text) {
    if ("ADMIN".equals(text)) {
      return AccountRole.Role.ADMIN;
    }
    if ("VIEWER".equals(text)) {
      return AccountRole.Role.VIEWER;
    }
    throw new IllegalArgumentException("choose admin or viewer");
  }

  private Caller operator(SignedInUser user) {
    return access.operator(user, "Only operators manage users.");
  }
}
