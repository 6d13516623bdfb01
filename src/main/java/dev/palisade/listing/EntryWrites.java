package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.time.Clock;
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

  EntryWrites(
      ScopeWrites writes,
      EntryRowStore rows,
      EntryRepository entries,
      EntryStates states,
      Clock clock) {
    this.writes = writes;
    this.rows = rows;
    this.entries = entries;
    this.states = states;
    this.clock = clock;
  }

  /** See {@link Listings#create(WriteTarget, EntryDraft, EntrySource, Actor)}. */
  Entry create(WriteTarget target, EntryDraft draft, EntrySource source, Actor actor) {
    draft.checkExpiresAfter(clock.instant());
    return writes.write(
        target,
        source,
        actor,
        (scope, change) -> {
          String value = draft.value().canonical();
          if (rows.find(scope.scopeId(), draft.kind(), value).isPresent()) {
            throw new ConflictException(
                value + " is already on the " + draft.kind().name().toLowerCase() + " list");
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
          String value = draft.value().canonical();
          Optional<Entry> found = rows.find(scopeId, draft.kind(), value);
          if (found.isEmpty()) {
            return new PutResult(insert(scopeId, draft, source, actor, change), true);
          }
          Entry entry = found.get();
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
          change.deleted(gone);
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
          gone.ifPresent(change::deleted);
          return gone.isPresent();
        });
  }
}
