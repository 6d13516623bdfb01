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
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/** The audit trail of one account, newest first, filtered and paged. */
@Controller
class AuditPages {

  static final int PAGE_SIZE = 50;

  static final List<String> ACTIONS = List.of("CREATE", "UPDATE", "DELETE", "EXPIRE", "SIGN_IN");
  static final List<String> TYPES = List.of("ENTRY", "ACCOUNT", "MAIL_SERVER", "USER");

  private final AuditLog audit;
  private final WebAccess access;

  AuditPages(AuditLog audit, WebAccess access) {
    this.audit = audit;
    this.access = access;
  }

  /** The filters, as given in the query string; dates are days in UTC, {@code to} inclusive. */
  record AuditFilter(
      String action, String type, String actor, String q, String from, String to, Integer page) {}

  @GetMapping("/accounts/{slug}/audit")
  String list(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute("filter") AuditFilter filter,
      Model model) {
    Account account = access.account(user, slug);
    FormErrors errors = new FormErrors();
    var from = day(filter.from(), "from", errors);
    var to = day(filter.to(), "to", errors);
    AuditQuery query =
        new AuditQuery(
            account.getId(),
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
    model.addAttribute("account", account);
    model.addAttribute("events", events);
    model.addAttribute("page", page);
    model.addAttribute("hasNext", hasNext);
    model.addAttribute("actions", ACTIONS);
    model.addAttribute("types", TYPES);
    model.addAttribute("errors", errors);
    return "audit/list";
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
