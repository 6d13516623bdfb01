package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
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
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Undoes an audited change of entries: one new write of the same scope ({@link ScopeWrites}, so
 * DNS, the change feed, the audit trail and the own-address guard see it like any other) that puts
 * each entry back as the change found it — a created entry deleted, an updated one given its old
 * answer, reason and expiry, a deleted one stored again, a moved one moved back to the scope and
 * list it left (one write of both scopes, {@link ScopeWrites#writeBoth}). Before anything is
 * written, every entry must still be exactly as the change left it; if one is not, nothing is
 * undone and the refusal names it (for a move, every such entry, with why). Expiries are not undone
 * (the time has passed: add the entry again with a new expiry), nor changes whose old state would
 * not answer now, nor moves recorded without the scope they left (older records): the refusal says
 * how to move the entries back from the entries table. Thread-safe.
 */
@Component
class EntryUndo {

  /** Items read per query while undoing a bulk change. */
  private static final int PAGE = 1_000;

  /** Entries a refusal names; it counts the others. */
  private static final int NAMED = 10;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AuditLog audit;
  private final Accounts accounts;
  private final ScopeWrites writes;
  private final EntryRowStore rows;
  private final EntryStates states;
  private final EntryGuard guard;
  private final EntryBatches batches;

  EntryUndo(
      AuditLog audit,
      Accounts accounts,
      ScopeWrites writes,
      EntryRowStore rows,
      EntryStates states,
      EntryGuard guard,
      EntryBatches batches) {
    this.audit = audit;
    this.accounts = accounts;
    this.writes = writes;
    this.rows = rows;
    this.states = states;
    this.guard = guard;
    this.batches = batches;
  }

  /** See {@link Listings#undo}. */
  Undone undo(long accountId, long eventId, EntrySource source, Actor actor) {
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
    AuditItem first = firstItem(event);
    State firstBefore = first.before() == null ? null : State.of(first.before());
    if (isMove(first) && firstBefore != null && firstBefore.scopeId != null) {
      return undoMove(accountId, event, firstBefore, accounts.describe(scopeId), source, actor);
    }
    int restored =
        writes.write(
            scopeId,
            source,
            actor,
            change -> {
              change.undoes(eventId);
              int[] count = {0};
              forEachPage(
                  event,
                  page -> {
                    for (AuditItem item : page) {
                      count[0] += undo(scopeId, item, actor, change);
                    }
                  });
              return count[0];
            });
    return new Undone(restored, null);
  }

  /**
   * Undoes a move whose records name the scope its entries left: one write of both scopes that
   * moves each entry back to the scope and list it left, if every entry is still on the scope the
   * move took it to ({@code here}) exactly as the move left it, and its old place is free. The
   * others are named, with why, and nothing moves.
   */
  private Undone undoMove(
      long accountId,
      AuditEvent event,
      State first,
      ScopeDetails here,
      EntrySource source,
      Actor actor) {
    ScopeDetails back = scope(accountId, first.scopeId);
    if (back == null) {
      Refusals gone = new Refusals();
      forEachPage(
          event,
          page ->
              page.forEach(
                  item ->
                      gone.add(
                          name(item),
                          "cannot go back: "
                              + first.scopeName
                              + ", the zone it left, no longer exists")));
      throw gone.refusal("Move the entries yourself from the entries table.");
    }
    return writes.writeBoth(
        here.scopeId(),
        back.scopeId(),
        source,
        actor,
        (from, to) -> {
          from.undoes(event.id());
          to.undoes(event.id());
          Refusals refusals = new Refusals();
          Set<ListKind> lists = EnumSet.noneOf(ListKind.class);
          int[] moved = {0};
          forEachPage(
              event,
              page -> moved[0] += moveBack(page, here, back, refusals, lists, actor, from, to));
          if (refusals.any()) {
            // Thrown inside the write: whatever this page or an earlier one moved is rolled back.
            throw refusals.refusal(
                "Undo the later changes first, or move the entries yourself from the entries"
                    + " table.");
          }
          return new Undone(
              moved[0],
              lists.size() == 1
                  ? "the " + lists.iterator().next().listName() + " list of " + back.displayName()
                  : "the lists of " + back.displayName() + " they came from");
        });
  }

  /**
   * Moves the entries of one page of a move's records back from {@code here} to the lists of {@code
   * back} they left, once none of them, on this page or an earlier one, was refused; adds the
   * refused ones to {@code refusals} and the lists moved to to {@code lists}. Returns how many
   * moved.
   */
  private int moveBack(
      List<AuditItem> page,
      ScopeDetails here,
      ScopeDetails back,
      Refusals refusals,
      Set<ListKind> lists,
      Actor actor,
      Change from,
      Change to) {
    List<Long> ids = page.stream().map(AuditItem::objectId).filter(Objects::nonNull).toList();
    Map<Long, Entry> current = new HashMap<>();
    for (Entry entry : rows.findAll(here.scopeId(), ids)) {
      current.put(entry.getId(), entry);
    }
    Map<ListKind, List<Entry>> going = new EnumMap<>(ListKind.class);
    for (AuditItem item : page) {
      String name = name(item);
      State was = isMove(item) && item.before() != null ? State.of(item.before()) : null;
      Entry entry = item.objectId() == null ? null : current.get(item.objectId());
      if (was == null || !Long.valueOf(back.scopeId()).equals(was.scopeId)) {
        // Never written so: one move takes entries from one scope.
        refusals.add(name, "did not come from " + back.displayName() + " in this change");
      } else if (entry == null) {
        refusals.add(name, "is gone since the move (deleted, or moved on)");
      } else if (!sameEntryState(states.json(entry), item.after())) {
        refusals.add(name, "has changed since the move");
      } else {
        going.computeIfAbsent(was.kind, kind -> new ArrayList<>()).add(entry);
      }
    }
    int moved = 0;
    for (Map.Entry<ListKind, List<Entry>> list : going.entrySet()) {
      ListKind kind = list.getKey();
      List<Entry> entries = list.getValue();
      List<String> taken =
          rows.taken(back.scopeId(), kind, entries.stream().map(Entry::getValue).toList());
      for (Entry entry : entries) {
        if (taken.contains(entry.getValue())) {
          refusals.add(
              entry.getKind().listName() + " " + entry.getValue(),
              "cannot go back: the "
                  + kind.listName()
                  + " list of "
                  + back.displayName()
                  + " holds it again");
        }
      }
      if (refusals.any()) {
        continue;
      }
      // What was blocked there before may not be now: a mail server's own addresses come first.
      // The guard's confirmation of wide entries is not asked again: the entries were there.
      guard.checkOwnAddresses(
          back.scopeId(),
          entries.stream()
              .map(entry -> new EntryDraft(kind, entry.parsedValue(), null, null, null))
              .toList());
      batches.moveRows(entries, here, back, kind, actor.name(), from, to);
      lists.add(kind);
      moved += entries.size();
    }
    return moved;
  }

  /** The account's scope with this id, or null when it no longer exists. */
  private ScopeDetails scope(long accountId, long scopeId) {
    try {
      ScopeDetails scope = accounts.describe(scopeId);
      return scope.accountId() == accountId ? scope : null;
    } catch (NotFoundException e) {
      return null;
    }
  }

  /**
   * Whether an entry's state now is the state a move left it in: the same fields, whatever the
   * record says of the scope (its name may have changed since; the entry was found on it).
   */
  private static boolean sameEntryState(String now, String after) {
    JsonNode recorded = JSON.readTree(after);
    if (recorded instanceof ObjectNode fields) {
      fields.remove(EntryStates.SCOPE);
      fields.remove(EntryStates.SCOPE_ID);
    }
    return JSON.readTree(now).equals(recorded);
  }

  /** The entry a record is about, as messages name it, as the change left it. */
  private static String name(AuditItem item) {
    return State.of(item.after() != null ? item.after() : item.before()).name();
  }

  private static boolean isMove(AuditItem item) {
    return item.summary() != null && item.summary().contains(Change.MOVED_FROM);
  }

  /** The change's first record: the event itself, or a bulk event's first item. */
  private AuditItem firstItem(AuditEvent event) {
    return event.bulk() ? audit.items(event.id(), -1, 1).get(0) : asItem(event);
  }

  /** Hands the change's records to {@code work} a page at a time: the event, or its items. */
  private void forEachPage(AuditEvent event, Consumer<List<AuditItem>> work) {
    if (!event.bulk()) {
      work.accept(List.of(asItem(event)));
      return;
    }
    int after = -1;
    List<AuditItem> page;
    do {
      page = audit.items(event.id(), after, PAGE);
      if (!page.isEmpty()) {
        work.accept(page);
        after = page.get(page.size() - 1).itemNo();
      }
    } while (page.size() == PAGE);
  }

  /** A change of one entry as the one item of its event. */
  private static AuditItem asItem(AuditEvent event) {
    return new AuditItem(
        event.id(),
        0,
        event.action(),
        event.objectId(),
        event.summary(),
        event.before(),
        event.after());
  }

  /**
   * Puts one entry back as the record's state before had it, if it is still as the state after left
   * it.
   */
  private int undo(long scopeId, AuditItem item, Actor actor, Change change) {
    String before = item.before();
    String after = item.after();
    if (isMove(item)) {
      throw new ConflictException(
          "A move is not undone here: "
              + item.summary()
              + ". Its record does not say which zone the entries left (it was written before"
              + " moves recorded that). Move the entries back from the entries table where they"
              + " are now (tick them, choose Move, and the list and zone they came from); nothing"
              + " was undone.");
    }
    State was = State.of(before != null ? before : after);
    Optional<Entry> now = rows.find(scopeId, was.kind, was.value.canonical());
    String current = now.map(states::json).orElse(null);
    String name = was.name();
    if (item.action().equals("EXPIRE")) {
      throw new ConflictException(
          "An expiry cannot be undone: "
              + name
              + " expired when its time came. Add it again with a new expiry; nothing was undone.");
    }
    if (!Objects.equals(current, after)) {
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

  /**
   * The entries an undo cannot put back, each named with why: the first {@link #NAMED} of them,
   * then how many more. Not thread-safe: one per undo.
   */
  private static final class Refusals {
    private final List<String> named = new ArrayList<>();
    private int count;

    void add(String entry, String why) {
      if (count++ < NAMED) {
        named.add(entry + " " + why);
      }
    }

    boolean any() {
      return count > 0;
    }

    /** The refusal naming them, ending with what the admin can do. */
    ConflictException refusal(String advice) {
      return new ConflictException(
          String.join("; ", named)
              + (count > NAMED ? "; and " + (count - NAMED) + " more" : "")
              + "; nothing was undone. "
              + advice);
    }
  }

  /** An entry's state as the audit trail keeps it ({@link EntryStates}). */
  private record State(
      ListKind kind,
      EntryValue value,
      Integer returnCode,
      String reason,
      Instant expiresAt,
      boolean enabled,
      EntrySource source,
      String scopeName,
      Long scopeId) {

    static State of(String json) {
      JsonNode node = JSON.readTree(json);
      JsonNode scopeId = node.get(EntryStates.SCOPE_ID);
      return new State(
          ListKind.valueOf(text(node, "list").toUpperCase(Locale.ROOT)),
          EntryValue.parse(text(node, "value")),
          text(node, "returnCode") == null ? null : ReturnCode.parse(text(node, "returnCode")),
          text(node, "reason"),
          text(node, "expiresAt") == null ? null : Instant.parse(text(node, "expiresAt")),
          node.path("enabled").asBoolean(true),
          EntrySource.valueOf(text(node, "source").toUpperCase(Locale.ROOT)),
          text(node, EntryStates.SCOPE),
          scopeId == null || scopeId.isNull() ? null : scopeId.asLong());
    }

    /** The entry as messages name it: {@code block 192.0.2.1}. */
    String name() {
      return kind.listName() + " " + value.canonical();
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
