package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Caller;
import dev.palisade.account.QueryAcls;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dnsbl.Networks;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The two forms of the "DNS access" section on the account's and the server's page ({@link
 * QueryAclSection}): set who may query the zones, and remove the list. Changing needs an admin of
 * the account.
 */
@Controller
class QueryAclPages {

  private final QueryAcls acls;
  private final WebAccess access;

  QueryAclPages(QueryAcls acls, WebAccess access) {
    this.acls = acls;
    this.access = access;
  }

  @PostMapping({"/accounts/{slug}/query-acl", "/accounts/{slug}/servers/{name}/query-acl"})
  String set(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable(required = false) String name,
      @RequestParam(name = "allowQuery", required = false) String allowQuery,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    ScopeDetails scope = access.scope(account, name);
    FormErrors errors = new FormErrors();
    errors.check(
        "allowQuery",
        () ->
            acls.set(
                scope.scopeId(), Networks.split(allowQuery), WebAccess.actor(caller, request)));
    if (errors.any()) {
      // Back to the page with the error next to the field and the text as typed.
      redirect.addFlashAttribute("aclError", errors.get("allowQuery"));
      redirect.addFlashAttribute("aclText", allowQuery);
    } else {
      redirect.addFlashAttribute(
          "notice", "Only the listed networks may query these zones now; others get REFUSED.");
    }
    return "redirect:" + page(account, scope) + "#query-acl";
  }

  @PostMapping({
    "/accounts/{slug}/query-acl/remove",
    "/accounts/{slug}/servers/{name}/query-acl/remove"
  })
  String remove(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable(required = false) String name,
      HttpServletRequest request,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    ScopeDetails scope = access.scope(account, name);
    acls.remove(scope.scopeId(), WebAccess.actor(caller, request));
    redirect.addFlashAttribute(
        "notice",
        scope.serverName() == null
            ? "The account's list was removed: the server's default applies."
            : "The server's list was removed: it follows the account's.");
    return "redirect:" + page(account, scope) + "#query-acl";
  }

  /** The page that shows the scope: the account's dashboard or the server's page. */
  static String page(Account account, ScopeDetails scope) {
    return scope.serverName() == null
        ? "/accounts/" + account.getSlug()
        : "/accounts/" + account.getSlug() + "/servers/" + scope.serverName();
  }
}
