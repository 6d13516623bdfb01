package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditItem;
import dev.palisade.audit.AuditLog;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Undoes an audited change of entries: one new write of the same scope ({@link ScopeWrites}, so
 * DNS, the change feed, the audit trail and the own-address guard see it like any other) that puts
 * each entry back as the change found it — a created entry deleted, an updated one given its old
 * answer, reason and expiry, a deleted one stored again. Before anything is written, every entry
 * must still be exactly as the change left it; if one is not, nothing is undone and the refusal
 * names it. Expiries are not undone (the time has passed: add the entry again with a new expiry),
 * nor changes whose old state would not answer now, nor moves: the trail keeps a moved entry's list
 * but not the zone it left, so the refusal says how to move it back from the entries table.
 * Thread-safe.
 */
@Component
class EntryUndo {

  /** Items read per query while undoing a bulk change. */
  private static final int PAGE = 1_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AuditLog audit;
  private final Accounts accounts;
  private final ScopeWrites writes;
  private final EntryRowStore rows;
  private final EntryStates states;
  private final EntryGuard guard;

  EntryUndo(
      AuditLog audit,
      Accounts accounts,
      ScopeWrites writes,
      EntryRowStore rows,
      EntryStates states,
      EntryGuard guard) {
    this.audit = audit;
    this.accounts = accounts;
    this.writes = writes;
    this.rows = rows;
    this.states = states;
    this.guard = guard;
  }

  /** See {@link Listings#undo}. */
  int undo(long accountId, long eventId, EntrySource source, Actor actor) {
    AuditEvent event =
        audit
            .event(eventId, accountId)
            .orElseThrow(() -> new NotFoundException("change " + eventId + " not found"));
    if (!"ENTRY".equals(event.objectType()) || event.scopeLabel() == null) {
      throw new IllegalArgumentException("Only changes of entries can be undone.");
    }
    List<ScopeInfo> scopes = new ArrayList<>();
    scopes.add(accounts.accountScope(accountId));
    accounts.servers(accountId).forEach(server -> scopes.add(accounts.serverScope(server.getId())));
    long scopeId =
        scopes.stream()
            .filter(scope -> event.scopeLabel().equals(scope.label()))
            .map(ScopeInfo::id)
            .findFirst()
            .orElseThrow(
                () ->
                    new ConflictException(
                        "The zone name "
                            + event.scopeLabel()
                            + " of this change no longer exists (renamed or deleted); nothing"
                            + " was undone."));
    return writes.write(
        scopeId,
        source,
        actor,
        change -> {
          change.undoes(eventId);
          int restored = 0;
          if (!event.bulk()) {
            restored +=
                undo(
                    scopeId,
                    event.action(),
                    event.summary(),
                    event.before(),
                    event.after(),
                    actor,
                    change);
          } else {
            int after = -1;
            List<AuditItem> page;
            do {
              page = audit.items(eventId, after, PAGE);
              for (AuditItem item : page) {
                restored +=
                    undo(
                        scopeId,
                        item.action(),
                        item.summary(),
                        item.before(),
                        item.after(),
                        actor,
                        change);
                after = item.itemNo();
              }
            } while (page.size() == PAGE);
          }
          return restored;
        });
  }

  /** Puts one entry back as {@code before} had it, if it is still as {@code after} left it. */
  private int undo(
      long scopeId,
      String action,
      String summary,
      String before,
      String after,
      Actor actor,
      Change change) {
    if (summary != null && summary.contains(Change.MOVED_FROM)) {
      throw new ConflictException(
          "A move is not undone here: "
              + summary
              + ". Move the entries back from the entries table where they are now (tick them,"
              + " choose Move, and the list and zone they came from); nothing was undone.");
    }
    State was = State.of(before != null ? before : after);
    Optional<Entry> now = rows.find(scopeId, was.kind, was.value.canonical());
    String current = now.map(states::json).orElse(null);
    String name = was.kind.listName() + " " + was.value.canonical();
    if (action.equals("EXPIRE")) {
      throw new ConflictException(
          "An expiry cannot be undone: "
              + name
              + " expired when its time came. Add it again with a new expiry; nothing was undone.");
    }
    if (!java.util.Objects.equals(current, after)) {
      throw new ConflictException(
          name
              + (current == null ? " is gone" : " has changed")
              + " since this change; nothing was undone. Change it yourself, or undo the later"
              + " changes first.");
    }
    if (before == null) {
      Entry gone = rows.delete(scopeId, now.get().getId()).orElseThrow();
      change.deleted(gone);
      return 1;
    }
    EntryDraft draft = was.draft();
    if (!was.enabled || (draft.expiresAt() != null && !draft.expiresAt().isAfter(change.now()))) {
      throw new ConflictException(
          name
              + " did not answer before this change (expired or disabled); putting that back"
              + " would change nothing in DNS. Nothing was undone.");
    }
    guard.checkOwnAddresses(scopeId, List.of(draft));
    if (now.isEmpty()) {
      Entry entry = rows.insert(new Entry(scopeId, draft, was.source, actor.name(), change.now()));
      change.created(entry, draft);
      return 1;
    }
    Entry entry = now.get();
    ActiveEntry answered = entry.isActiveAt(change.now()) ? change.active(entry) : null;
    String beforeState = current;
    if (entry.apply(draft, actor.name(), change.now())) {
      rows.update(entry);
      change.updated(
          answered,
          entry.getValue(),
          () -> beforeState,
          change.active(entry.getId(), scopeId, draft, draft.returnCode(), draft.reason()),
          () -> states.json(entry));
    }
    return 1;
  }

  /** An entry's state as the audit trail keeps it ({@link EntryStates}). */
  private record State(
      ListKind kind,
      EntryValue value,
      Integer returnCode,
      String reason,
      Instant expiresAt,
      boolean enabled,
      EntrySource source) {

    static State of(String json) {
      JsonNode node = JSON.readTree(json);
      return new State(
          ListKind.valueOf(text(node, "list").toUpperCase(Locale.ROOT)),
          EntryValue.parse(text(node, "value")),
          text(node, "returnCode") == null ? null : ReturnCode.parse(text(node, "returnCode")),
          text(node, "reason"),
          text(node, "expiresAt") == null ? null : Instant.parse(text(node, "expiresAt")),
          node.path("enabled").asBoolean(true),
          EntrySource.valueOf(text(node, "source").toUpperCase(Locale.ROOT)));
    }

    EntryDraft draft() {
      return new EntryDraft(kind, value, returnCode, reason, expiresAt);
    }

    private static String text(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : value.asString();
    }
  }
}
