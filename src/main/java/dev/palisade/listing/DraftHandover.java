package dev.palisade.listing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Runs a {@link DraftProducer} on a thread of its own and hands its drafts to the calling thread a
 * batch at a time, so that a write stored in several transactions ({@link PartedUpserts}) can end
 * one and begin the next while the producer is half way through its input: a push producer cannot
 * be paused otherwise. At most {@value #AHEAD} batches wait between the two threads, so memory
 * stays a few batches. What the producer throws is thrown by {@link #next} after the batches before
 * it.
 *
 * <p>One consumer thread; {@link #close} stops the producer when the consumer gives up early.
 */
final class DraftHandover implements AutoCloseable {

  /** Batches the producer may read ahead of the write. */
  static final int AHEAD = 2;

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
  private final Thread producer;
  private volatile boolean closed;
  private Object peeked;
  private boolean ended;

  DraftHandover(DraftProducer drafts, int batchSize) {
    producer =
        new Thread(
            () -> {
              try {
                Batcher batcher = new Batcher(batchSize);
                drafts.produce(batcher);
                if (!batcher.batch.isEmpty()) {
                  put(batcher.batch);
                }
                put(END);
              } catch (CancellationException e) {
                // closed by the consumer: nobody waits for more
              } catch (Throwable e) {
                try {
                  put(e);
                } catch (CancellationException closing) {
                  // closed by the consumer
                }
              }
            },
            "palisade-draft-reader");
    producer.setDaemon(true);
    producer.start();
  }

  /** Gathers the producer's drafts into batches and puts each full one in the queue. */
  private final class Batcher implements Consumer<EntryDraft> {
    private final int size;
    private List<EntryDraft> batch;

    Batcher(int size) {
      this.size = size;
      this.batch = new ArrayList<>(size);
    }

    @Override
    public void accept(EntryDraft draft) {
      batch.add(draft);
      if (batch.size() >= size) {
        put(batch);
        batch = new ArrayList<>(size);
      }
    }
  }

  private void put(Object item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      throw new CancellationException("the write stopped reading drafts");
    }
    if (closed) {
      throw new CancellationException("the write stopped reading drafts");
    }
  }

  /**
   * The next batch of drafts, waiting for it; null once the producer handed every draft.
   *
   * @throws RuntimeException what the producer threw (an {@link Error} wrapped), after the batches
   *     it handed before
   */
  @SuppressWarnings("unchecked")
  List<EntryDraft> next() {
    Object item = take();
    if (item == END) {
      ended = true;
      return null;
    }
    if (item instanceof RuntimeException e) {
      throw e;
    }
    if (item instanceof Throwable e) {
      throw new IllegalStateException(e);
    }
    return (List<EntryDraft>) item;
  }

  /** Whether every draft has been handed over: waits until the producer says either. */
  boolean atEnd() {
    if (ended) {
      return true;
    }
    if (peeked == null) {
      peeked = take0();
    }
    return peeked == END;
  }

  private Object take() {
    if (peeked != null) {
      Object item = peeked;
      peeked = null;
      return item;
    }
    return take0();
  }

  private Object take0() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for drafts", e);
    }
  }

  /** Stops the producer if it is still running. */
  @Override
  public void close() {
    closed = true;
    producer.interrupt();
    queue.clear();
  }
}
