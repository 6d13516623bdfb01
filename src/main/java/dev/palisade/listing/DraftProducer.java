package dev.palisade.listing;

import java.util.function.Consumer;

/**
 * Hands the drafts of a streamed bulk write ({@link Listings#upsertAll}) to the write one at a
 * time, from inside its transaction, so that the write holds one batch of them at a time, never all
 * of them. Throwing from {@link #produce} rolls the whole write back. A write stored in parts (the
 * form of {@link Listings#upsertAll} given {@code transactionEntries}) calls it on a thread of its
 * own, and may call it twice (the first time only to check the drafts): it must hand over the same
 * drafts each time; what it throws then stops the write at the part it was storing.
 */
@FunctionalInterface
public interface DraftProducer {

  /** Hands every draft to {@code sink}, in order. */
  void produce(Consumer<EntryDraft> sink);
}
