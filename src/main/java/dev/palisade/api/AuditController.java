package dev.palisade.api;

import dev.palisade.account.Account;
import dev.palisade.account.Caller;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditItem;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQuery;
import dev.palisade.common.NotFoundException;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail of an account, newest first: {@code GET /api/v1/accounts/{account}/audit}, and
 * for operators the whole installation's at {@code GET /api/v1/audit}, with filters {@code action},
 * {@code type} (object type), {@code actor}, {@code q} (summary text), {@code from}, {@code to}
 * (ISO-8601). A write of many entries is one event with its {@code itemCount}; its changes are read
 * a page at a time at {@code .../audit/{id}/items}.
 */
@RestController
class AuditController {

  private final ScopeAccess access;
  private final AuditLog audit;

  AuditController(ScopeAccess access, AuditLog audit) {
    this.access = access;
    this.audit = audit;
  }

  @GetMapping("/api/v1/accounts/{account}/audit")
  AuditPage accountAudit(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Account found = wholeAccount(caller, account);
    return page(new AuditQuery(found.getId(), action, type, actor, q, from, to), page, size);
  }

  /**
   * The whole installation's trail, for operators: every account's events, deleted accounts'
   * included (find a deletion with {@code type=ACCOUNT&action=DELETE}; its {@code objectId} is the
   * account's id), and events of no account such as operator tokens. {@code accountId} narrows it
   * to one account, existing or deleted; the other filters are those of the account trail.
   */
  @GetMapping("/api/v1/audit")
  AuditPage allAudit(
      @AuthenticationPrincipal Caller caller,
      @RequestParam(required = false) Long accountId,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    requireOperator(caller);
    return page(new AuditQuery(accountId, action, type, actor, q, from, to), page, size);
  }

  /**
   * The items of a bulk event of an account's trail (an event with {@code itemCount} above 1): the
   * changes of its objects in the order they were made, {@code size} at a time after item {@code
   * after} (the last {@code itemNo} of the page before; -1 or nothing for the first page). An event
   * of one object has none: its {@code before} and {@code after} are on the event.
   */
  @GetMapping("/api/v1/accounts/{account}/audit/{id}/items")
  ItemPage accountItems(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable long id,
      @RequestParam(defaultValue = "-1") int after,
      @RequestParam(defaultValue = "100") int size) {
    Account found = wholeAccount(caller, account);
    return items(audit.event(id, found.getId()).orElse(null), id, after, size);
  }

  /** The items of a bulk event of the whole installation's trail, for operators. */
  @GetMapping("/api/v1/audit/{id}/items")
  ItemPage allItems(
      @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @RequestParam(defaultValue = "-1") int after,
      @RequestParam(defaultValue = "100") int size) {
    requireOperator(caller);
    return items(audit.event(id, null).orElse(null), id, after, size);
  }

  /**
   * The account of that slug, when the caller sees all of it; a token bound to one mail server does
   * not see the account's whole history, so for it the account is not found.
   */
  private Account wholeAccount(Caller caller, String account) {
    Account found = access.account(caller, account);
    if (!caller.canSeeScope(found.getId(), null)) {
      throw new NotFoundException("account '" + account + "' not found");
    }
    return found;
  }

  private static void requireOperator(Caller caller) {
    if (!caller.operator()) {
      throw new AccessDeniedException("only operators read the whole audit trail");
    }
  }

  private AuditPage page(AuditQuery query, int page, int size) {
    Paging.check(page, size);
    return new AuditPage(audit.find(query, page, size), page, size, audit.count(query));
  }

  private ItemPage items(AuditEvent event, long id, int after, int size) {
    if (event == null) {
      throw new NotFoundException("audit event " + id + " not found");
    }
    Paging.check(0, size);
    List<AuditItem> items = audit.items(id, Math.max(-1, after), size);
    Integer next =
        items.size() == size && items.get(size - 1).itemNo() < event.itemCount() - 1
            ? items.get(size - 1).itemNo()
            : null;
    return new ItemPage(items, event.itemCount(), next);
  }

  /**
   * One page of a bulk event's items.
   *
   * @param total how many items the event has
   * @param nextAfter the {@code after} of the next page; null on the last
   */
  record ItemPage(List<AuditItem> items, int total, Integer nextAfter) {}

  /** One page of audit events. */
  record AuditPage(List<AuditEvent> items, int page, int size, long total) {}
}
