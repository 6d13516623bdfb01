package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DraftHandoverTest {

  private static EntryDraft draft(int i) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse("10.0.0." + i), null, null, null);
  }

  @Test
  void handsTheDraftsOverInBatchesAndSaysWhenTheyEnd() {
    try (DraftHandover handover =
        new DraftHandover(
            sink -> {
              for (int i = 0; i < 5; i++) {
                sink.accept(draft(i));
              }
            },
            2)) {
      assertThat(handover.next()).hasSize(2);
      assertThat(handover.atEnd()).isFalse();
      assertThat(handover.next()).hasSize(2);
      assertThat(handover.next()).containsExactly(draft(4));
      assertThat(handover.atEnd()).isTrue();
      assertThat(handover.next()).isNull();
    }
  }

  @Test
  void throwsWhatTheProducerThrewAfterTheBatchesBeforeIt() {
    try (DraftHandover handover =
        new DraftHandover(
            sink -> {
              sink.accept(draft(1));
              sink.accept(draft(2));
              throw new IllegalStateException("the file went away");
            },
            2)) {
      assertThat(handover.next()).hasSize(2);
      assertThatThrownBy(handover::next).hasMessage("the file went away");
    }
  }

  @Test
  void closingStopsAProducerThatIsAhead() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    DraftHandover handover =
        new DraftHandover(
            sink -> {
              try {
                for (int i = 0; ; i++) {
                  sink.accept(draft(i % 200));
                }
              } finally {
                stopped.countDown();
              }
            },
            10);
    assertThat(handover.next()).hasSize(10);
    handover.close();
    stopped.await();
  }
}
