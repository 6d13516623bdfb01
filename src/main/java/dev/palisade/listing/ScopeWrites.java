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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every write of entries: the scope's lock, one transaction that gives the scope a new serial,
 * the write's body, its audit records, its row in the change feed ({@link ChangeLog}, which other
 * nodes follow) and the announcement of what changed ({@link EntriesChanged}, which this node's
 * index applies after commit) — in that order, in one place. A change too large to list its entries
 * ({@link ListingSettings#maxListedChange()}) is recorded and announced as one that readers apply
 * by reading the scope again ({@link EntriesChanged#unlisted}).
 *
 * <p>Thread-safe. Writes to the scopes of one account are serialized (in this process by {@link
 * ScopeLocks}, across processes by the lock on the row of the account's scope), so they commit in
 * the order of their serials and a mail server's zone — its entries and its account's — never shows
 * a serial before a lower one: readers of the change feed standing at a serial miss nothing. The
 * after-commit announcement runs before the write returns, so a change is visible to DNS when the
 * call returns. Transactions are begun here, with a {@link TransactionTemplate} (no proxy
 * involved); a write refuses to run inside a caller's transaction, whose commit would come after
 * the lock is released.
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
  private final AccountIds accountIds = new AccountIds();

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
   * transaction is rolled back, so the scope keeps its serial. The account's lock is taken as
   * {@link #underAccountLock} says.
   */
  <T> T write(
      WriteTarget target,
      EntrySource source,
      Actor actor,
      BiFunction<ScopeDetails, Change, T> work) {
    return underAccountLock(
        target,
        (bump, status) -> {
          ScopeDetails scope = bump.scope();
          Change change = new Change(Entry.rowTime(clock.instant()), states, settings);
          change.serials(bump.previous(), bump.serial());
          Recorder recorder = new Recorder(change, scope, source, actor);
          change.auditTo(scope, source, actor, recorder);
          T result = work.apply(scope, change);
          if (change.isEmpty()) {
            // Nothing changed: keep the old serial (the bump is undone).
            status.setRollbackOnly();
          } else {
            finish(bump, change, recorder);
          }
          return result;
        });
  }

  /**
   * Runs one write of two scopes of one account in one transaction: the work gets a change of each,
   * {@code from} first, and both scopes get a new serial, their audit records, rows in the change
   * feed and announcements — or, when the work changes nothing at all, neither does. One scope
   * given twice is one ordinary write whose change the work gets twice.
   *
   * <p>The account's lock is taken as for any write; the two rows are locked in the order of their
   * ids, so two such writes never wait for each other in a circle.
   *
   * @throws IllegalArgumentException when the scopes belong to different accounts
   */
  <T> T writeBoth(
      long from, long to, EntrySource source, Actor actor, BiFunction<Change, Change, T> work) {
    if (from == to) {
      return write(from, source, actor, change -> work.apply(change, change));
    }
    long low = Math.min(from, to);
    long high = Math.max(from, to);
    return underAccountLock(
        WriteTarget.scope(low),
        (lowBump, status) -> {
          SerialBump highBump = accounts.bumpSerial(WriteTarget.scope(high));
          if (highBump.scope().accountId() != lowBump.scope().accountId()) {
            throw new IllegalArgumentException(
                "entries move only between the scopes of one account");
          }
          SerialBump fromBump = from == low ? lowBump : highBump;
          SerialBump toBump = from == low ? highBump : lowBump;
          Instant now = Entry.rowTime(clock.instant());
          Change fromChange = new Change(now, states, settings);
          Change toChange = new Change(now, states, settings);
          Recorder fromRecorder = new Recorder(fromChange, fromBump.scope(), source, actor);
          Recorder toRecorder = new Recorder(toChange, toBump.scope(), source, actor);
          fromChange.auditTo(fromBump.scope(), source, actor, fromRecorder);
          toChange.auditTo(toBump.scope(), source, actor, toRecorder);
          T result = work.apply(fromChange, toChange);
          if (fromChange.isEmpty() && toChange.isEmpty()) {
            status.setRollbackOnly();
          } else {
            // Both serials moved, so both scopes announce, even one whose change is empty:
            // the change feed's chain of serials must have no gap.
            finish(fromBump, fromChange, fromRecorder);
            finish(toBump, toChange, toRecorder);
          }
          return result;
        });
  }

  /**
   * Runs {@code body} in one transaction that starts by giving the target's scope a new serial
   * ({@link Accounts#bumpSerial}: finding the scope and locking its row, after its account scope's
   * row), holding this process's lock of the scope's account.
   *
   * <p>The account's lock ({@link ScopeLocks}) is taken before the transaction when the scope's
   * account is known (learnt by an earlier write naming the scope the same way), so that writers
   * queue there rather than on the row lock, each holding a database connection. When it is not
   * known, or was another, it can only be taken once the row is locked: then it is only tried,
   * since its holder may be waiting for that row; if that fails, the write is rolled back and run
   * again, taking the lock first.
   */
  private <T> T underAccountLock(
      WriteTarget target, BiFunction<SerialBump, TransactionStatus, T> body) {
    refuseOuterTransaction();
    Long known = accountIds.get(target);
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
              long accountId = bump.scope().accountId();
              accountIds.learn(target, accountId);
              ReentrantLock needed = locks.of(accountId);
              if (needed != first) {
                if (!needed.tryLock()) {
                  throw new Relock(accountId);
                }
                late[0] = needed;
              }
              return body.apply(bump, status);
            });
      } catch (Relock relock) {
        known = relock.accountId;
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
   * The end of a write that changed something: the audit records not written yet (the change is one
   * audit event, its entries the event's items), the change feed's row, the announcement.
   */
  private void finish(SerialBump bump, Change change, Recorder recorder) {
    ScopeDetails scope = bump.scope();
    recorder.finish();
    EntriesChanged changed = change.toEvent(scope.scopeId(), bump);
    changeLog.entries(
        scope.scopeId(),
        bump.previous(),
        bump.serial(),
        change.removedCount(),
        change.addedCount(),
        change.unlisted() ? EntryChangeCodec.unlisted() : EntryChangeCodec.encode(changed));
    events.publishEvent(changed);
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

  /**
   * The audit records of one write, which are one audit event: written at its end, or, when a bulk
   * write hands them over as it goes ({@link Change#flushAudit}), a batch at a time into the same
   * event ({@link AuditLog#startChange}). Not thread-safe: one per write.
   */
  private final class Recorder implements Consumer<List<AuditRecord>> {
    private final Change change;
    private final ScopeDetails scope;
    private final EntrySource source;
    private final Actor actor;
    private AuditLog.ChangeRecording recording;

    Recorder(Change change, ScopeDetails scope, EntrySource source, Actor actor) {
      this.change = change;
      this.scope = scope;
      this.source = source;
      this.actor = actor;
    }

    @Override
    public void accept(List<AuditRecord> batch) {
      if (recording == null) {
        recording = audit.startChange(change::undoes);
      }
      recording.add(batch);
    }

    /** Writes what the write has not handed over yet, and ends its event. */
    void finish() {
      if (recording == null) {
        audit.recordChange(change.auditRecords(scope, source, actor), change.undoes());
      } else {
        change.flushAudit();
        recording.finish();
      }
    }
  }

  /** Rolls a write back to run it again holding the account's lock from the start. */
  private static final class Relock extends RuntimeException {
    final long accountId;

    Relock(long accountId) {
      super(null, null, false, false);
      this.accountId = accountId;
    }
  }
}
