package dev.palisade.listing;

import java.util.function.Consumer;

/**
 * Hands the drafts of a streamed bulk write ({@link Listings#upsertAll}) to the write one at a
 * time, from inside its transaction, so that the write holds one batch of them at a time, never all
 * of them. Throwing from {@link #produce} rolls the whole write back.
 */
@FunctionalInterface
public interface DraftProducer {

  /** Hands every draft to {@code sink}, in order. */
  void produce(Consumer<EntryDraft> sink);
}
