package dev.palisade.transfer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Hands out the distinct keys a source gives, in order, holding at most a fixed number of them at a
 * time: each pass over the source keeps the smallest keys above the last one handed out, so memory
 * is bounded by the batch whatever the source's size, and a source of {@code n} keys costs {@code n
 * / batch + 1} passes. For rendering zones from the index, whose tables are hashed, not sorted.
 *
 * @implNote Not thread-safe; the source must give the same keys on every pass.
 */
final class SortedBatches<T> {

  private final Comparator<? super T> order;
  private final int batch;

  /**
   * @param order the order keys are handed out in; equal keys are handed out once
   * @param batch the most keys held between passes (twice as many during one)
   */
  SortedBatches(Comparator<? super T> order, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive");
    }
    this.order = order;
    this.batch = batch;
  }

  /**
   * Calls {@code each} with every distinct key {@code source} gives, smallest first.
   *
   * @param source called once per pass with the consumer to give every key to
   */
  void forEach(Consumer<Consumer<T>> source, Consumer<T> each) {
    T after = null;
    while (true) {
      Pass pass = new Pass(after);
      source.accept(pass);
      int n = pass.settle();
      for (int i = 0; i < n; i++) {
        each.accept(pass.key(i));
      }
      if (!pass.trimmed || n == 0) {
        return;
      }
      after = pass.key(n - 1);
    }
  }

  /** One pass: the smallest keys above {@code after}. */
  private final class Pass implements Consumer<T> {
    private final T after;
    private final Object[] keys = new Object[2 * batch];
    private int size;

    /** Keys at or above it are beyond this batch; null until the buffer was first trimmed. */
    private T limit;

    /** Whether keys were left for a later pass. */
    private boolean trimmed;

    Pass(T after) {
      this.after = after;
    }

    @Override
    public void accept(T key) {
      if ((after != null && order.compare(key, after) <= 0)
          || (limit != null && order.compare(key, limit) >= 0)) {
        return;
      }
      keys[size++] = key;
      if (size == keys.length) {
        settle();
      }
    }

    /** Sorts the keys held, drops repeats, keeps the smallest {@code batch}; returns how many. */
    @SuppressWarnings("unchecked")
    int settle() {
      Arrays.sort(keys, 0, size, (a, b) -> order.compare((T) a, (T) b));
      int distinct = 0;
      for (int i = 0; i < size; i++) {
        if (distinct == 0 || order.compare((T) keys[distinct - 1], (T) keys[i]) != 0) {
          keys[distinct++] = keys[i];
        }
      }
      Arrays.fill(keys, distinct, size, null);
      size = distinct;
      if (size > batch) {
        Arrays.fill(keys, batch, size, null);
        size = batch;
        trimmed = true;
        limit = key(size - 1);
      }
      return size;
    }

    @SuppressWarnings("unchecked")
    T key(int i) {
      return (T) keys[i];
    }
  }
}
