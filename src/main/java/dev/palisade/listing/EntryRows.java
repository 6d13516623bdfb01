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
 * @param hasPrevious whether there is a page before this one
 * @param keyset whether the next and previous pages are asked for by the ids of this page's first
 *     and last rows ({@link EntryTable#page(long, EntryFilter, EntrySort, int, int, Long, Long)})
 *     rather than by page number
 */
public record EntryRows(
    List<Entry> rows,
    int page,
    int size,
    long total,
    boolean totalIsLowerBound,
    boolean hasNext,
    boolean hasPrevious,
    boolean keyset) {

  /** The id to ask for the next page after, or null when there are no rows. */
  public Long lastId() {
    return rows.isEmpty() ? null : rows.get(rows.size() - 1).getId();
  }

  /** The id to ask for the previous page before, or null when there are no rows. */
  public Long firstId() {
    return rows.isEmpty() ? null : rows.get(0).getId();
  }

  /** How many pages there are, when the total is exact. */
  public long pages() {
    return Math.max(1, (total + size - 1) / size);
  }
}
