package dev.palisade.listing;

import java.util.List;

/**
 * One page of a scope's entries for a table.
 *
 * @param rows the entries of the page, in the requested order
 * @param page the 0-based page number
 * @param size the page size asked for
 * @param total how many entries match, counted up to {@link EntryTable#COUNT_LIMIT}
 * @param totalIsLowerBound whether more entries than {@code total} match (counting stopped)
 * @param hasNext whether a next page has rows
 */
public record EntryRows(
    List<Entry> rows, int page, int size, long total, boolean totalIsLowerBound, boolean hasNext) {

  /** How many pages there are, when the total is exact. */
  public long pages() {
    return Math.max(1, (total + size - 1) / size);
  }
}
