package dev.palisade.listing;

import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The entries a write stored in parts ({@link PartedUpserts}) has named so far, by id: those its
 * drafts found stored and those it stored anew. A value whose entry is named already was given by
 * an earlier draft, which counts; a feed's entries not named once every draft is stored are what
 * its file no longer holds ({@link UpsertBatches.Write#sweep}).
 *
 * <p>Kept in memory, compressed (a Roaring bitmap): the ids of a million entries stored together,
 * as an import or a feed stores them, take 130 KB; a million scattered over a hundred million ids 2
 * MB; ids more than 65,536 apart, the worst case, 27 bytes each. A row per line in the database,
 * which this replaces, made a feed's update write its whole file to learn of its difference.
 * Nothing is lost by not keeping it: a write that stops half way is completed by running it again,
 * which names every entry again. Not thread-safe: one write's, on its thread.
 */
final class NamedEntries {

  private final Roaring64Bitmap ids = new Roaring64Bitmap();

  /** Whether the write named this entry before. */
  boolean contains(long id) {
    return ids.contains(id);
  }

  void add(long id) {
    ids.addLong(id);
  }
}
