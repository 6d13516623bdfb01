package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The writes of one entry — create, put, delete — each run by {@link ScopeWrites} as one write of
 * its scope: what each reads and changes by the entry's unique (scope, list, value) key or its id.
 * Thread-safe.
 */
@Component
class EntryWrites {

  private final ScopeWrites writes;
  private final EntryRowStore rows;
  private final EntryRepository entries;
  private final EntryStates states;
  private final Clock clock;
  private final EntryGuard guard;

  EntryWrites(
      ScopeWrites writes,
      EntryRowStore rows,
      EntryRepository entries,
      EntryStates states,
      Clock clock,
      EntryGuard guard) {
    this.writes = writes;
    this.rows = rows;
    this.entries = entries;
    this.states = states;
    this.clock = clock;
    this.guard = guard;
  }

  /** See {@link Listings#create(WriteTarget, EntryDraft, EntrySource, Actor)}. */
  Entry create(WriteTarget target, EntryDraft draft, EntrySource source, Actor actor) {
    draft.checkExpiresAfter(clock.instant());
    return writes.write(
        target,
        source,
        actor,
        (scope, change) -> {
          guard.checkOwnAddresses(scope.scopeId(), List.of(draft));
          String value = draft.value().canonical();
          Optional<Entry> found = rows.find(scope.scopeId(), draft.kind(), value);
          if (found.isPresent()) {
            throw new ConflictException(alreadyListed(found.get(), change.now()));
          }
          return insert(scope.scopeId(), draft, source, actor, change);
        });
  }

  /** See {@link Listings#put(WriteTarget, EntryDraft, EntrySource, Actor)}. */
  PutResult put(WriteTarget target, EntryDraft draft, EntrySource source, Actor actor) {
    draft.checkExpiresAfter(clock.instant());
    return writes.write(
        target,
        source,
        actor,
        (scope, change) -> {
          long scopeId = scope.scopeId();
          guard.checkOwnAddresses(scopeId, List.of(draft));
          String value = draft.value().canonical();
          Optional<Entry> found = rows.find(scopeId, draft.kind(), value);
          if (found.isEmpty()) {
            return new PutResult(insert(scopeId, draft, source, actor, change), true);
          }
          Entry entry = refuseFeedEntry(found.get());
          ActiveEntry before =
              entry.isActiveAt(change.now())
                  ? change.active(
                      entry.getId(), scopeId, draft, entry.getReturnCode(), entry.getReason())
                  : null;
          String beforeState = states.json(entry);
          if (entry.apply(draft, actor.name(), change.now())) {
            rows.update(entry);
            change.updated(
                before,
                value,
                () -> beforeState,
                change.active(entry.getId(), scopeId, draft, draft.returnCode(), draft.reason()),
                () -> states.json(entry));
          }
          return new PutResult(entry, false);
        });
  }

  /**
   * Why a value cannot be added again: it is on the list, and answers — or does not, being expired
   * or disabled, in which case storing it again (put) revives it.
   */
  static String alreadyListed(Entry entry, Instant now) {
    String on = entry.getValue() + " is already on the " + entry.getKind().listName() + " list";
    if (entry.isActiveAt(now)) {
      return on;
    }
    return on
        + (entry.getExpiresAt() != null && !entry.getExpiresAt().isAfter(now)
            ? ", but expired at " + entry.getExpiresAt() + " and does not answer"
            : ", but is disabled and does not answer")
        + "; storing it again (PUT, or Revive in the web UI) revives it with the new settings";
  }

  /**
   * Returns the entry unless it comes from a feed: such an entry changes only with its feed's file,
   * so a change by hand is a {@link ConflictException} (thrown inside the write, it rolls back).
   */
  private static Entry refuseFeedEntry(Entry entry) {
    if (entry.getSource() == EntrySource.FEED) {
      throw new ConflictException(
          entry.getValue()
              + " comes from a feed and changes only with the feed's file; add an entry of the"
              + " other list to override it");
    }
    return entry;
  }

  /** Stores a new entry of the draft, made at the write's time, and records it in the change. */
  private Entry insert(
      long scopeId, EntryDraft draft, EntrySource source, Actor actor, Change change) {
    Entry entry = rows.insert(new Entry(scopeId, draft, source, actor.name(), change.now()));
    change.created(entry, draft);
    return entry;
  }

  /** See {@link Listings#delete(long, EntrySource, Actor)}. */
  void delete(long entryId, EntrySource source, Actor actor) {
    Entry entry =
        entries
            .findById(entryId)
            .orElseThrow(() -> new NotFoundException("entry " + entryId + " not found"));
    delete(WriteTarget.scope(entry.getScopeId()), entryId, source, actor);
  }

  /** See {@link Listings#delete(WriteTarget, long, EntrySource, Actor)}. */
  void delete(WriteTarget target, long entryId, EntrySource source, Actor actor) {
    writes.write(
        target,
        source,
        actor,
        (scope, change) -> {
          Entry gone =
              rows.delete(scope.scopeId(), entryId)
                  .orElseThrow(
                      () ->
                          new NotFoundException(
                              "entry " + entryId + " not found in " + scope.displayName()));
          change.deleted(refuseFeedEntry(gone)); // refused: the write rolls back
          return null;
        });
  }

  /** See {@link Listings#delete(WriteTarget, ListKind, EntryValue, EntrySource, Actor)}. */
  boolean delete(
      WriteTarget target, ListKind kind, EntryValue value, EntrySource source, Actor actor) {
    return writes.write(
        target,
        source,
        actor,
        (scope, change) -> {
          Optional<Entry> gone = rows.delete(scope.scopeId(), kind, value.canonical());
          gone.ifPresent(entry -> change.deleted(refuseFeedEntry(entry)));
          return gone.isPresent();
        });
  }
}
