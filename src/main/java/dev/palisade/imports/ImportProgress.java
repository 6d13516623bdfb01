package dev.palisade.imports;

/** Told how far a long import got, after each batch stored; called on the importing thread. */
@FunctionalInterface
public interface ImportProgress {

  /** Progress that nobody follows. */
  ImportProgress NONE = (stored, total) -> {};

  /**
   * @param stored entries stored so far (in the import's transaction: visible when it commits)
   * @param total entries the inputs hold, as checked
   */
  void stored(long stored, long total);
}
