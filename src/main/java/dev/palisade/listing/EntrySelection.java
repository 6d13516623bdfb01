package dev.palisade.listing;

import java.util.Collection;
import java.util.List;

/**
 * Which entries of one scope a bulk action works on: the entries with these ids (those of other
 * scopes are left out), or every entry that matches a filter when the action runs. Immutable.
 *
 * @param scopeId the scope whose entries are meant
 * @param ids the chosen entries; null when {@code filter} chooses
 * @param filter the filter whose matches are meant; null when {@code ids} choose
 */
public record EntrySelection(long scopeId, List<Long> ids, EntryFilter filter) {

  /** Most entries chosen one by one: ten pages of the largest page size. */
  public static final int MAX_IDS = 2000;

  public EntrySelection {
    if ((ids == null) == (filter == null)) {
      throw new IllegalArgumentException("a selection is either ids or a filter");
    }
    if (ids != null) {
      ids = ids.stream().distinct().sorted().toList();
      if (ids.size() > MAX_IDS) {
        throw new IllegalArgumentException(
            ids.size()
                + " entries chosen one by one; at most "
                + MAX_IDS
                + ": choose all that match the filter instead");
      }
    }
  }

  /** These entries of the scope. */
  public static EntrySelection of(long scopeId, Collection<Long> ids) {
    return new EntrySelection(scopeId, List.copyOf(ids), null);
  }

  /** Every entry of the scope that matches the filter when the action runs. */
  public static EntrySelection matching(long scopeId, EntryFilter filter) {
    return new EntrySelection(scopeId, null, filter);
  }

  /** Whether the filter chooses. */
  public boolean byFilter() {
    return filter != null;
  }
}
