package dev.palisade.listing;

import static dev.palisade.listing.KernelFixture.ALICE;
import static dev.palisade.listing.KernelFixture.MX1;
import static dev.palisade.listing.KernelFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.account.Accounts;
import dev.palisade.account.ChangeLog;
import dev.palisade.account.SerialBump;
import dev.palisade.account.WriteTarget;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.support.FakeTransactions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write kernel without a database: the order of lock, transaction, serial, body, audit and
 * announcement, what a write that changes nothing leaves behind, and the lock of a named scope.
 */
class ScopeWritesTest {

  /** What happened, in order, each step named by the thread that took it. */
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private final List<EntriesChanged> announced = Collections.synchronizedList(new ArrayList<>());
  private final Accounts accounts = mock(Accounts.class);
  private final AuditLog audit = mock(AuditLog.class);
  private final ChangeLog changeLog = mock(ChangeLog.class);
  private final FakeTransactions transactions = new FakeTransactions(this::step);
  private final ScopeWrites writes =
      new ScopeWrites(
          accounts,
          audit,
          changeLog,
          new EntryStates(),
          KernelFixture.SETTINGS,
          transactions,
          event -> {
            step("announce");
            announced.add((EntriesChanged) event);
          },
          Clock.fixed(NOW, ZoneOffset.UTC));
  private final ExecutorService threads = Executors.newCachedThreadPool();

  ScopeWritesTest() {
    when(accounts.bumpSerial(any()))
        .thenAnswer(
            call -> {
              assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
              step("bump");
              return new SerialBump(MX1, 41, 42);
            });
    doAnswer(
            call -> {
              List<AuditRecord> records = call.getArgument(0);
              step("audit " + records.size());
              return null;
            })
        .when(audit)
        .recordChange(anyList(), any());
    doAnswer(
            call -> {
              step("change log " + call.getArgument(0) + " " + call.getArgument(2));
              return null;
            })
        .when(changeLog)
        .entries(anyLong(), anyLong(), anyLong(), anyInt(), anyInt(), any());
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void bumpsTheSerialRunsTheBodyAuditsAndAnnouncesInOneTransaction() {
    String result =
        writes.write(
            7,
            EntrySource.API,
            ALICE,
            change -> {
              step("work");
              change.deleted(entry(11));
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(log)
        .containsExactly(
            "main begin",
            "main bump",
            "main work",
            "main audit 1",
            "main change log 7 42",
            "main announce",
            "main commit");
    EntriesChanged event = announced.get(0);
    assertThat(event.scopeId()).isEqualTo(7);
    assertThat(event.previousSerial()).isEqualTo(41);
    assertThat(event.serial()).isEqualTo(42);
    assertThat(event.removed()).extracting(ActiveEntry::id).containsExactly(11L);
  }

  @Test
  void aWriteThatChangesNothingRollsTheSerialBackAndAnnouncesNothing() {
    boolean result = writes.write(7, EntrySource.API, ALICE, change -> false);

    assertThat(result).isFalse();
    assertThat(log).containsExactly("main begin", "main bump", "main rollback");
    assertThat(announced).isEmpty();
  }

  @Test
  void aFailingBodyRollsBackAndAnnouncesNothing() {
    assertThatThrownBy(
            () ->
                writes.write(
                    7,
                    EntrySource.API,
                    ALICE,
                    change -> {
                      change.deleted(entry(11));
                      throw new NotFoundException("gone");
                    }))
        .isInstanceOf(NotFoundException.class);

    assertThat(log).containsExactly("main begin", "main bump", "main rollback");
    assertThat(announced).isEmpty();
  }

  @Test
  void refusesToRunInsideTheCallersTransaction() {
    TransactionTemplate outer = new TransactionTemplate(transactions);

    assertThatThrownBy(
            () -> outer.execute(status -> writes.write(7, EntrySource.API, ALICE, change -> 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must not run inside another transaction");
    assertThatThrownBy(() -> outer.execute(status -> writes.unannounced(records -> 1)))
        .isInstanceOf(IllegalStateException.class);

    verify(accounts, never()).bumpSerial(any());
  }

  @Test
  void anUnannouncedWriteRecordsItsAuditInItsTransactionWithoutASerial() {
    int result =
        writes.unannounced(
            records -> {
              step("work");
              records.add(
                  new AuditRecord(
                      NOW, 3L, "acme", ALICE, "expiry", "DELETE", "ENTRY", 1L, "x", null, null));
              return 1;
            });

    assertThat(result).isEqualTo(1);
    assertThat(log).containsExactly("main begin", "main work", "main audit 1", "main commit");
    assertThat(announced).isEmpty();
    verify(accounts, never()).bumpSerial(any());
  }

  @Test
  void aNamedScopeWhoseLockIsHeldIsRolledBackAndWrittenAgainHoldingTheLock() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first =
        threads.submit(
            named(
                "first",
                () ->
                    writes.write(
                        7,
                        EntrySource.API,
                        ALICE,
                        change -> {
                          holding.countDown();
                          await(release);
                          step("work");
                          change.deleted(entry(11));
                          return null;
                        })));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

    WriteTarget acmeMx1 =
        WriteTarget.named("acme", "mx1", scope -> {}, () -> new NotFoundException("no acme/mx1"));
    Future<?> second =
        threads.submit(
            named(
                "second",
                () ->
                    writes.write(
                        acmeMx1,
                        EntrySource.API,
                        ALICE,
                        (scope, change) -> {
                          step("work");
                          change.deleted(entry(12));
                          return null;
                        })));
    // The second write found the scope locked by the first: it rolls back and waits for the lock.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!log.contains("second rollback") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(log)
        .containsExactly(
            "first begin", "first bump", "second begin", "second bump", "second rollback");
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS);

    assertThat(log.subList(5, log.size()))
        .containsExactly(
            "first work",
            "first audit 1",
            "first change log 7 42",
            "first announce",
            "first commit",
            "second begin",
            "second bump",
            "second work",
            "second audit 1",
            "second change log 7 42",
            "second announce",
            "second commit");
  }

  /** The name steps are logged under: "main" for the test's own thread. */
  private static final ThreadLocal<String> WRITER = ThreadLocal.withInitial(() -> "main");

  private void step(String what) {
    log.add(WRITER.get() + " " + what);
  }

  private static Runnable named(String name, Runnable work) {
    return () -> {
      WRITER.set(name);
      work.run();
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Entry entry(long id) {
    return KernelFixture.stored(id, ListKind.BLOCK, "192.0.2." + id, null, true, null);
  }
}
