package dev.palisade.web;

import dev.palisade.account.Users;
import dev.palisade.audit.Actor;
import dev.palisade.system.security.SignedInSessions;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Lets a signed-in user change their own password, checking the current one. The change signs the
 * user out of every other session; this one stays signed in.
 */
@Controller
class PasswordPage {

  private final Users users;

  PasswordPage(Users users) {
    this.users = users;
  }

  /** The form body. */
  record PasswordForm(String current, String password, String confirm) {}

  @GetMapping("/password")
  String form(@AuthenticationPrincipal SignedInUser user, Model model) {
    model.addAttribute("errors", new FormErrors());
    model.addAttribute("mustChange", user.mustChangePassword());
    return "password";
  }

  @PostMapping("/password")
  String change(
      @AuthenticationPrincipal SignedInUser user,
      @ModelAttribute PasswordForm form,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    FormErrors errors = new FormErrors();
    if (form.current() == null || form.current().isEmpty()) {
      errors.add("current", "enter your current password");
    }
    errors.check(
        "password",
        () -> {
          users.checkPassword(user.getUsername(), form.password());
          return null;
        });
    if (!errors.has("password")
        && (form.confirm() == null || !form.confirm().equals(form.password()))) {
      errors.add("confirm", "the two new passwords differ");
    }
    if (!errors.any()) {
      Actor actor =
          new Actor(
              "user:" + user.getUsername() + "#" + user.id(),
              request.getRemoteAddr(),
              WebAccess.CHANNEL);
      try {
        long version = users.changePassword(user.id(), form.current(), form.password(), actor);
        SignedInSessions.passwordChanged(user, version, request, response);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage().contains("current") ? "current" : "password", e.getMessage());
      }
    }
    if (errors.any()) {
      model.addAttribute("errors", errors);
      model.addAttribute("mustChange", user.mustChangePassword());
      return "password";
    }
    redirect.addFlashAttribute(
        "notice", "Your password was changed. Your other sessions were signed out.");
    return "redirect:/password";
  }
}
