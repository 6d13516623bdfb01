package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * The writes time makes: expiring entries (they stop answering in DNS, scope by scope, each a write
 * of {@link ScopeWrites}) and purging them once long expired. Every node runs it; an expiry is
 * recorded (audit trail, change feed) by one of them only, whichever comes first. Thread-safe.
 */
@Component
class Expiries {

  /** Who expires entries in the audit trail. */
  private static final Actor EXPIRY = Actor.system("expiry");

  /** Who deletes long-expired entries in the audit trail. */
  private static final Actor PURGE = Actor.system("purge");

  private final ScopeWrites writes;
  private final EntryRepository entries;
  private final Accounts accounts;
  private final EntryStates states;
  private final Clock clock;

  Expiries(
      ScopeWrites writes,
      EntryRepository entries,
      Accounts accounts,
      EntryStates states,
      Clock clock) {
    this.writes = writes;
    this.entries = entries;
    this.accounts = accounts;
    this.states = states;
    this.clock = clock;
  }

  /** See {@link Listings#expire}. */
  int expire(Instant after, Instant upTo) {
    int expired = 0;
    for (long scopeId : entries.scopesWithExpiries(after, upTo)) {
      try {
        expired +=
            writes.write(
                scopeId,
                EntrySource.EXPIRY,
                EXPIRY,
                change -> {
                  // Read again under the scope's lock: a concurrent re-listing may have moved
                  // the expiry since the scopes were selected. The lock is the scope row's in
                  // the database too, so of several nodes expiring the same entries the first
                  // records them and marks them recorded; the others then find none.
                  List<Entry> due = entries.expiring(scopeId, after, upTo);
                  for (Entry entry : due) {
                    change.expired(entry);
                    entry.expiryRecorded();
                  }
                  return due.size();
                });
      } catch (NotFoundException e) {
        // The scope was deleted meanwhile; its entries went with it.
      }
    }
    return expired;
  }

  /** See {@link Listings#purge}. */
  int purge(Instant cutoff, int limit) {
    Integer purged =
        writes.unannounced(
            records -> {
              List<Entry> due = new ArrayList<>();
              for (long scopeId : entries.scopeIds()) {
                if (due.size() >= limit) {
                  break;
                }
                due.addAll(
                    entries.findByScopeIdAndExpiresAtBefore(
                        scopeId, cutoff, PageRequest.of(0, limit - due.size())));
              }
              Instant now = clock.instant();
              for (Entry entry : due) {
                ScopeDetails scope = accounts.describe(entry.getScopeId());
                records.add(
                    new AuditRecord(
                        now,
                        scope.accountId(),
                        scope.label(),
                        PURGE,
                        "expiry",
                        "DELETE",
                        "ENTRY",
                        entry.getId(),
                        "purged expired "
                            + entry.getKind().name().toLowerCase(Locale.ROOT)
                            + " "
                            + entry.getValue()
                            + " on "
                            + scope.displayName(),
                        states.json(entry),
                        null));
              }
              entries.deleteAllInBatch(due);
              return due.size();
            });
    return purged == null ? 0 : purged;
  }
}
