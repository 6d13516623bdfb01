package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.Caller;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditItem;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.common.ConflictException;
import dev.palisade.common.CsvRow;
import dev.palisade.common.NotFoundException;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.Undone;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The audit trail of one account, newest first, filtered and paged; and for operators the whole
 * installation's at {@code /audit}, where the trails of deleted accounts stay readable (by account
 * id: a deleted account's slug may belong to a new account by now). A bulk change is one line with
 * its count, whose page lists its changes a page at a time; each change's before and after are
 * shown as a diff. The trail as CSV, filtered as the page is, at {@code .../audit/export.csv}.
 */
@Controller
class AuditPages {

  static final int PAGE_SIZE = 50;

  /** Items of a bulk event per page of its drill-down. */
  static final int ITEMS_PAGE = 100;

  private static final List<String> CSV_COLUMNS =
      List.of(
          "id",
          "at",
          "account",
          "scope",
          "actor",
          "client address",
          "source",
          "action",
          "object type",
          "object id",
          "items",
          "summary",
          "before",
          "after");

  static final List<String> ACTIONS =
      List.of("CREATE", "UPDATE", "DELETE", "EXPIRE", "REVOKE", "SIGN_IN");
  static final List<String> TYPES =
      List.of("ENTRY", "ACCOUNT", "MAIL_SERVER", "USER", "TOKEN", "ZONE_LABEL");

  private final AuditLog audit;
  private final WebAccess access;
  private final Listings listings;

  AuditPages(AuditLog audit, WebAccess access, Listings listings) {
    this.audit = audit;
    this.access = access;
    this.listings = listings;
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

  /** One event of an account's trail, and a bulk event's items a page at a time. */
  @GetMapping("/accounts/{slug}/audit/{id:\\d+}")
  String event(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      @RequestParam(required = false) Integer after,
      Model model) {
    Account account = access.account(user, slug);
    AuditEvent event =
        audit
            .event(id, account.getId())
            .orElseThrow(() -> new NotFoundException("audit event " + id + " not found"));
    model.addAttribute("account", account);
    model.addAttribute("auditPath", "/accounts/" + account.getSlug() + "/audit");
    model.addAttribute(
        "canUndo",
        access.caller(user, account).write()
            && "ENTRY".equals(event.objectType())
            && !"EXPIRE".equals(event.action())
            && event.scopeLabel() != null);
    return eventPage(event, after, model);
  }

  /** One event of the installation's trail, for operators. */
  @GetMapping("/audit/{id:\\d+}")
  String installationEvent(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable long id,
      @RequestParam(required = false) Integer after,
      Model model) {
    operator(user);
    AuditEvent event =
        audit
            .event(id, null)
            .orElseThrow(() -> new NotFoundException("audit event " + id + " not found"));
    model.addAttribute("account", null);
    model.addAttribute("auditPath", "/audit");
    model.addAttribute("canUndo", false);
    return eventPage(event, after, model);
  }

  /**
   * Undoes a change of the account's entries, after a confirmation page: one new change that puts
   * the entries back (a move's: moves them back where they came from), itself in the log. Refused,
   * with nothing changed, when an entry changed since.
   */
  @PostMapping("/accounts/{slug}/audit/{id:\\d+}/undo")
  String undo(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @PathVariable long id,
      @RequestParam(required = false) String confirmed,
      HttpServletRequest request,
      Model model,
      RedirectAttributes redirect) {
    Account account = access.account(user, slug);
    Caller caller = access.writer(user, account);
    AuditEvent event =
        audit
            .event(id, account.getId())
            .orElseThrow(() -> new NotFoundException("audit event " + id + " not found"));
    String back = "/accounts/" + account.getSlug() + "/audit/" + id;
    if (!Confirmation.given(confirmed)) {
      return new Confirmation(
              "Undo this change?",
              "“"
                  + event.summary()
                  + "” is reversed by a new change: "
                  + (event.bulk() ? "the " + event.itemCount() + " entries are" : "the entry is")
                  + " put back as they were before it, and mail servers get the old answers at"
                  + " once. If an entry changed since, nothing is undone.",
              back + "/undo",
              "Undo the change",
              back)
          .show(model);
    }
    try {
      Undone undone =
          listings.undo(account.getId(), id, EntrySource.MANUAL, WebAccess.actor(caller, request));
      int restored = undone.entries();
      String entries = restored + (restored == 1 ? " entry" : " entries");
      redirect.addFlashAttribute(
          "notice",
          "Undone: "
              + (undone.movedBackTo() != null
                  ? entries + " moved back to " + undone.movedBackTo() + "."
                  : entries
                      + (restored == 1 ? " is" : " are")
                      + " back as they were before the change.")
              + " The undo is the newest line of the log.");
    } catch (ConflictException | IllegalArgumentException e) {
      redirect.addFlashAttribute("notice", "Not undone: " + e.getMessage());
    }
    return "redirect:" + back;
  }

  private String eventPage(AuditEvent event, Integer after, Model model) {
    int from = after == null || after < -1 ? -1 : after;
    List<AuditItem> items = audit.items(event.id(), from, ITEMS_PAGE + 1);
    boolean hasNext = items.size() > ITEMS_PAGE;
    if (hasNext) {
      items = items.subList(0, ITEMS_PAGE);
    }
    model.addAttribute("event", event);
    model.addAttribute("items", items);
    model.addAttribute("itemsFrom", from + 1);
    model.addAttribute("hasNext", hasNext);
    model.addAttribute("nextAfter", items.isEmpty() ? from : items.get(items.size() - 1).itemNo());
    return "audit/event";
  }

  /** The account's trail as CSV, filtered as its page is; streamed, newest first. */
  @GetMapping("/accounts/{slug}/audit/export.csv")
  ResponseEntity<StreamingResponseBody> exportCsv(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable String slug,
      @ModelAttribute("filter") AuditFilter filter) {
    Account account = access.account(user, slug);
    return csv(account.getSlug() + "-audit.csv", query(account.getId(), filter, new FormErrors()));
  }

  /** The installation's trail as CSV, for operators, filtered as its page is. */
  @GetMapping("/audit/export.csv")
  ResponseEntity<StreamingResponseBody> installationCsv(
      @AuthenticationPrincipal SignedInUser user, @ModelAttribute("filter") AuditFilter filter) {
    operator(user);
    FormErrors errors = new FormErrors();
    Long accountId = accountId(filter, errors);
    return csv("palisade-audit.csv", query(accountId, filter, errors));
  }

  private ResponseEntity<StreamingResponseBody> csv(String name, AuditQuery query) {
    StreamingResponseBody body =
        stream -> {
          Writer out =
              new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
          CsvRow.write(out, CSV_COLUMNS);
          try {
            audit.forEach(
                query,
                e -> {
                  try {
                    CsvRow.write(
                        out,
                        List.of(
                            String.valueOf(e.id()),
                            e.at().toString(),
                            e.accountId() == null ? "" : String.valueOf(e.accountId()),
                            nonNull(e.scopeLabel()),
                            e.actor(),
                            nonNull(e.clientIp()),
                            e.source(),
                            e.action(),
                            e.objectType(),
                            e.objectId() == null ? "" : String.valueOf(e.objectId()),
                            String.valueOf(e.itemCount()),
                            e.summary(),
                            nonNull(e.before()),
                            nonNull(e.after())));
                  } catch (IOException io) {
                    throw new UncheckedIOException(io);
                  }
                });
          } catch (UncheckedIOException e) {
            throw e.getCause();
          }
          out.flush();
        };
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(name).build().toString())
        .body(body);
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  @GetMapping("/audit")
  String installation(
      @AuthenticationPrincipal SignedInUser user,
      @ModelAttribute("filter") AuditFilter filter,
      Model model) {
    operator(user);
    FormErrors errors = new FormErrors();
    Long accountId = accountId(filter, errors);
    model.addAttribute("account", null);
    model.addAttribute("auditPath", "/audit");
    fill(model, accountId, filter, errors);
    return "audit/list";
  }

  private static void operator(SignedInUser user) {
    if (!user.operator()) {
      throw new AccessDeniedException("Only operators read the whole audit log.");
    }
  }

  private static Long accountId(AuditFilter filter, FormErrors errors) {
    if (filter.account() != null && !filter.account().isBlank()) {
      try {
        return Long.parseLong(filter.account().strip());
      } catch (NumberFormatException e) {
        errors.add("account", "an account id is a number, such as 7");
      }
    }
    return null;
  }

  /** The filter as a query of the trail of an account (null: of every account). */
  private static AuditQuery query(Long accountId, AuditFilter filter, FormErrors errors) {
    var from = day(filter.from(), "from", errors);
    var to = day(filter.to(), "to", errors);
    return new AuditQuery(
        accountId,
        pick(filter.action(), ACTIONS),
        pick(filter.type(), TYPES),
        blankToNull(filter.actor()),
        blankToNull(filter.q()),
        from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
        to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  /** Fills the model with one page of the trail of an account (null: of every account). */
  private void fill(Model model, Long accountId, AuditFilter filter, FormErrors errors) {
    AuditQuery query = query(accountId, filter, errors);
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
