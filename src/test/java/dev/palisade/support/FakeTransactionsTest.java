package dev.palisade.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

class FakeTransactionsTest {

  private final List<String> steps = new ArrayList<>();
  private final FakeTransactions transactions = new FakeTransactions(steps::add);
  private final TransactionTemplate template = new TransactionTemplate(transactions);

  @Test
  void aTransactionThatReturnsBeginsAndCommitsAsARealOne() {
    Boolean active =
        template.execute(status -> TransactionSynchronizationManager.isActualTransactionActive());

    assertThat(active).isTrue();
    assertThat(steps).containsExactly("begin", "commit");
    assertThat(transactions.begun()).isEqualTo(1);
    assertThat(transactions.endings()).containsExactly("commit");
  }

  @Test
  void aTransactionThatThrowsRollsBack() {
    assertThatThrownBy(
            () ->
                template.executeWithoutResult(
                    status -> {
                      throw new IllegalStateException("no");
                    }))
        .hasMessage("no");

    assertThat(steps).containsExactly("begin", "rollback");
    assertThat(transactions.endings()).containsExactly("rollback");
  }

  @Test
  void nothingBegunIsCountedAsNothing() {
    FakeTransactions quiet = new FakeTransactions();

    assertThat(quiet.begun()).isZero();
    assertThat(quiet.endings()).isEmpty();
  }
}
