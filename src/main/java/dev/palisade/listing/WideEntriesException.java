package dev.palisade.listing;

import java.util.List;

/**
 * A write refused because it would make wide entries block (see {@link EntryGuard#wide}) without
 * their confirmation; nothing was written. The caller asks and writes again, confirmed.
 */
public class WideEntriesException extends IllegalArgumentException {

  private final List<String> reasons;

  WideEntriesException(List<String> reasons) {
    super(String.join("; ", reasons));
    this.reasons = List.copyOf(reasons);
  }

  /** Why each wide entry needs confirming, one sentence each. */
  public List<String> reasons() {
    return reasons;
  }
}
