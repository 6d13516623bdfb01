package dev.palisade.web;

import dev.palisade.system.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page (Spring Security checks the POST) and the start page, which leads to the user's
 * accounts.
 */
@Controller
class SignInPage {

  private final WebAccess access;

  SignInPage(WebAccess access) {
    this.access = access;
  }

  @GetMapping("/login")
  String login(@AuthenticationPrincipal SignedInUser user) {
    return user == null ? "login" : "redirect:/";
  }

  @GetMapping("/")
  String home(@AuthenticationPrincipal SignedInUser user) {
    var accounts = access.visibleAccounts(user);
    if (accounts.size() == 1 && !user.operator()) {
      return "redirect:/accounts/" + accounts.get(0).getSlug();
    }
    return "redirect:/accounts";
  }
}
