package dev.palisade.listing;

import dev.palisade.account.Accounts;
import dev.palisade.account.ChangeLog;
import dev.palisade.account.ScopeDetails;
import dev.palisade.account.SerialBump;
import dev.palisade.account.WriteTarget;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every write of entries: the scope's lock, one transaction that gives the scope a new serial,
 * the write's body, its audit records, its row in the change feed ({@link ChangeLog}, which other
 * nodes follow) and the announcement of what changed ({@link EntriesChanged}, which this node's
 * index applies after commit) — in that order, in one place.
 *
 * <p>Thread-safe. Writes to one scope are serialized (in this process by {@link ScopeLocks}, across
 * processes by the scope row's lock), and the after-commit announcement runs before the write
 * returns, so a change is visible to DNS when the call returns. Transactions are begun here, with a
 * {@link TransactionTemplate} (no proxy involved); a write refuses to run inside a caller's
 * transaction, whose commit would come after the lock is released.
 */
@Component
class ScopeWrites {

  private final Accounts accounts;
  private final AuditLog audit;
  private final ChangeLog changeLog;
  private final EntryStates states;
  private final ListingSettings settings;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final ScopeLocks locks = new ScopeLocks();
  private final ScopeIds scopeIds = new ScopeIds();

  ScopeWrites(
      Accounts accounts,
      AuditLog audit,
      ChangeLog changeLog,
      EntryStates states,
      ListingSettings settings,
      PlatformTransactionManager transactionManager,
      ApplicationEventPublisher events,
      Clock clock) {
    this.accounts = accounts;
    this.audit = audit;
    this.changeLog = changeLog;
    this.states = states;
    this.settings = settings;
    this.transactions = new TransactionTemplate(transactionManager);
    this.events = events;
    this.clock = clock;
  }

  /**
   * Runs one write of the scope with this id: {@link #write(WriteTarget, EntrySource, Actor,
   * BiFunction)}.
   */
  <T> T write(long scopeId, EntrySource source, Actor actor, Function<Change, T> work) {
    return write(WriteTarget.scope(scopeId), source, actor, (scope, change) -> work.apply(change));
  }

  /**
   * Runs one write of the target's scope in its own transaction, which starts by giving the scope a
   * new serial ({@link Accounts#bumpSerial}: finding the scope and locking its row) and ends with
   * the audit records and the announcement of the change. When {@code work} changes nothing, the
   * transaction is rolled back, so the scope keeps its serial.
   *
   * <p>The scope's lock of this process ({@link ScopeLocks}) is taken before the transaction when
   * the scope's id is known (given, or learnt by an earlier write naming the scope the same way),
   * so that writers queue there rather than on the row lock, each holding a database connection.
   * When it is not known, or named a different scope, it can only be taken once the row is locked:
   * then it is only tried, since its holder may be waiting for that row; if that fails, the write
   * is rolled back and run again, taking the lock first.
   */
  <T> T write(
      WriteTarget target,
      EntrySource source,
      Actor actor,
      BiFunction<ScopeDetails, Change, T> work) {
    refuseOuterTransaction();
    Long known = target.id() != null ? target.id() : scopeIds.get(target);
    while (true) {
      ReentrantLock first = known == null ? null : locks.of(known);
      ReentrantLock[] late = new ReentrantLock[1];
      if (first != null) {
        first.lock();
      }
      try {
        return transactions.execute(
            status -> {
              SerialBump bump = accounts.bumpSerial(target);
              ScopeDetails scope = bump.scope();
              scopeIds.learn(target, scope.scopeId());
              ReentrantLock needed = locks.of(scope.scopeId());
              if (needed != first) {
                if (!needed.tryLock()) {
                  throw new Relock(scope.scopeId());
                }
                late[0] = needed;
              }
              Change change = new Change(Entry.rowTime(clock.instant()), states, settings);
              T result = work.apply(scope, change);
              if (change.isEmpty()) {
                // Nothing changed: keep the old serial (the bump is undone).
                status.setRollbackOnly();
              } else {
                audit.recordChange(change.auditRecords(scope, source, actor), change.undoes());
                EntriesChanged changed = change.toEvent(scope.scopeId(), bump);
                changeLog.entries(
                    changed.scopeId(),
                    changed.previousSerial(),
                    changed.serial(),
                    changed.removed().size(),
                    changed.added().size(),
                    EntryChangeCodec.encode(changed));
                events.publishEvent(changed);
              }
              return result;
            });
      } catch (Relock relock) {
        known = relock.scopeId;
      } finally {
        if (late[0] != null) {
          late[0].unlock();
        }
        if (first != null) {
          first.unlock();
        }
      }
    }
  }

  /**
   * Runs a write that changes nothing DNS answers (deleting long-expired entries), so it takes no
   * scope lock, gives no serial and announces nothing: one transaction, ending with the audit
   * records {@code work} added to the list it is given.
   */
  <T> T unannounced(Function<List<AuditRecord>, T> work) {
    refuseOuterTransaction();
    return transactions.execute(
        status -> {
          List<AuditRecord> records = new ArrayList<>();
          T result = work.apply(records);
          audit.recordChange(records, null);
          return result;
        });
  }

  private static void refuseOuterTransaction() {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("Listings writes must not run inside another transaction");
    }
  }

  /** Rolls a write back to run it again holding the scope's lock from the start. */
  private static final class Relock extends RuntimeException {
    final long scopeId;

    Relock(long scopeId) {
      super(null, null, false, false);
      this.scopeId = scopeId;
    }
  }
}
