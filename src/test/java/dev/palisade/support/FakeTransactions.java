package dev.palisade.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * A transaction manager without a database, for testing code that runs in transactions: it only
 * says what happened. Each step ({@code "begin"}, {@code "commit"}, {@code "rollback"}) goes to the
 * listener given, as it happens; how many transactions were begun and how each one ended are kept.
 * Spring's own bookkeeping (synchronizations, {@code isActualTransactionActive}) works as with a
 * real manager. Thread-safe.
 */
public final class FakeTransactions extends AbstractPlatformTransactionManager {

  private final Consumer<String> steps;
  private final AtomicInteger begun = new AtomicInteger();
  private final List<String> endings = Collections.synchronizedList(new ArrayList<>());

  /** Transactions that only keep count. */
  public FakeTransactions() {
    this(step -> {});
  }

  /** Transactions that also tell {@code steps} each begin, commit and rollback as it happens. */
  public FakeTransactions(Consumer<String> steps) {
    this.steps = steps;
  }

  /** How many transactions were begun. */
  public int begun() {
    return begun.get();
  }

  /** How the transactions ended, in order: {@code "commit"} or {@code "rollback"} each; live. */
  public List<String> endings() {
    return endings;
  }

  @Override
  protected Object doGetTransaction() {
    return new Object();
  }

  @Override
  protected void doBegin(Object transaction, TransactionDefinition definition) {
    begun.incrementAndGet();
    steps.accept("begin");
  }

  @Override
  protected void doCommit(DefaultTransactionStatus status) {
    endings.add("commit");
    steps.accept("commit");
  }

  @Override
  protected void doRollback(DefaultTransactionStatus status) {
    endings.add("rollback");
    steps.accept("rollback");
  }
}
