package dev.palisade.imports;

import java.util.List;

/**
 * An import holds wide entries ({@code listing.EntryGuard#wide}: networks wider than {@code
 * palisade.guard.*}, top-level names) and its caller did not confirm them: found while checking,
 * before anything was written, so nothing was stored. Immutable.
 */
public final class UnconfirmedWideException extends RuntimeException {

  private final transient List<String> wide;
  private final long count;

  UnconfirmedWideException(List<String> wide, long count) {
    super(
        count
            + (count == 1 ? " wide entry, not confirmed" : " wide entries, not confirmed")
            + "; nothing was imported");
    this.wide = List.copyOf(wide);
    this.count = count;
  }

  /** Why each of the first wide entries needs confirming. */
  public List<String> wide() {
    return wide;
  }

  /** How many entries are wide. */
  public long count() {
    return count;
  }
}
