package dev.palisade.web;

import dev.palisade.system.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

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

  /**
   * The sign-in form; {@code throttled} is how many seconds a refused attempt must wait (the
   * failure handler of the sign-in sets it), shown only when it is a sensible number.
   */
  @GetMapping("/login")
  String login(
      @AuthenticationPrincipal SignedInUser user,
      @RequestParam(name = "throttled", required = false) String throttled,
      Model model) {
    if (user != null) {
      return "redirect:/";
    }
    if (throttled != null) {
      model.addAttribute("waitSeconds", seconds(throttled));
    }
    return "login";
  }

  /** Whole seconds from a query parameter, or 0 when it is not a number of at most a day. */
  private static long seconds(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return 0;
    }
    long seconds = Long.parseLong(text);
    return seconds <= 86_400 ? seconds : 0;
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
