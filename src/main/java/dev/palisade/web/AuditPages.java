package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.system.security.SignedInUser;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The audit trail of one account, newest first, filtered and paged; and for operators the whole
 * installation's at {@code /audit}, where the trails of deleted accounts stay readable (by account
 * id: a deleted account's slug may belong to a new account by now).
 */
@Controller
class AuditPages {

  static final int PAGE_SIZE = 50;

  static final List<String> ACTIONS =
      List.of("CREATE", "UPDATE", "DELETE", "EXPIRE", "REVOKE", "SIGN_IN");
  static final List<String> TYPES =
      List.of("ENTRY", "ACCOUNT", "MAIL_SERVER", "USER", "TOKEN", "ZONE_LABEL");

  private final AuditLog audit;
  private final WebAccess access;

  AuditPages(AuditLog audit, WebAccess access) {
    this.audit = audit;
    this.access = access;
  }

  /**
   * The filters, as given in the query string; dates are days in UTC, {@code to} inclusive; {@code
   * account} (an account id) only on the installation's page.
   */
  record AuditFilter(
      String account,
      String action,
      String type,
      String actor,
      String q,
      String from,
      String to,
      Integer page) {}

  @GetMapping("/accounts/{slug}/audit")
  String list(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute("filter") AuditFilter filter,
      Model model) {
    Account account = access.account(user, slug);
    model.addAttribute("account", account);
    model.addAttribute("auditPath", "/accounts/" + account.getSlug() + "/audit");
    fill(model, account.getId(), filter, new FormErrors());
    return "audit/list";
  }

  @GetMapping("/audit")
  String installation(
      @AuthenticationPrincipal SignedInUser user,
      @ModelAttribute("filter") AuditFilter filter,
      Model model) {
    if (!user.operator()) {
      throw new AccessDeniedException("Only operators read the whole audit log.");
    }
    FormErrors errors = new FormErrors();
    Long accountId = null;
    if (filter.account() != null && !filter.account().isBlank()) {
      try {
        accountId = Long.parseLong(filter.account().strip());
      } catch (NumberFormatException e) {
        errors.add("account", "an account id is a number, such as 7");
      }
    }
    model.addAttribute("account", null);
    model.addAttribute("auditPath", "/audit");
    fill(model, accountId, filter, errors);
    return "audit/list";
  }

  /** Fills the model with one page of the trail of an account (null: of every account). */
  private void fill(Model model, Long accountId, AuditFilter filter, FormErrors errors) {
    var from = day(filter.from(), "from", errors);
    var to = day(filter.to(), "to", errors);
    AuditQuery query =
        new AuditQuery(
            accountId,
            pick(filter.action(), ACTIONS),
            pick(filter.type(), TYPES),
            blankToNull(filter.actor()),
            blankToNull(filter.q()),
            from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
            to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    int page = filter.page() == null || filter.page() < 0 ? 0 : filter.page();
    List<AuditEvent> events = audit.find(query, page, PAGE_SIZE);
    // A full page may be the last one; an exact count would scan the account's whole trail.
    boolean hasNext = events.size() == PAGE_SIZE;
    model.addAttribute("events", events);
    model.addAttribute("page", page);
    model.addAttribute("hasNext", hasNext);
    model.addAttribute("actions", ACTIONS);
    model.addAttribute("types", TYPES);
    model.addAttribute("errors", errors);
  }

  private static LocalDate day(String text, String field, FormErrors errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      errors.add(field, "write the day as 2030-01-31");
      return null;
    }
  }

  private static String pick(String value, List<String> allowed) {
    if (value == null) {
      return null;
    }
    String upper = value.strip().toUpperCase(Locale.ROOT);
    return allowed.contains(upper) ? upper : null;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
