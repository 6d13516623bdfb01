package dev.palisade.web;

import dev.palisade.system.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts what every page's header shows into the model: the user and the accounts to switch to. */
@ControllerAdvice(basePackageClasses = Navigation.class)
class Navigation {

  private final WebAccess access;

  Navigation(WebAccess access) {
    this.access = access;
  }

  @ModelAttribute
  void header(@AuthenticationPrincipal SignedInUser user, Model model) {
    if (user != null) {
      model.addAttribute("me", user);
      model.addAttribute("navAccounts", access.visibleAccounts(user));
    }
  }
}
