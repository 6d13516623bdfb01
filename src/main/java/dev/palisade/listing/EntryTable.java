package dev.palisade.listing;

import dev.palisade.dnsbl.DecisionRule;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads pages of a scope's entries for the UI's table, fast at any size.
 *
 * <p>Every order is served by an index on {@code (scope_id, column, tie)} (migrations V5, V7; the
 * tie is the id, or the list for the order by value: {@link EntrySort#tie}); the orders by hits by
 * the index on (scope_id, id) for the entries never hit and the hit counters' own (hits, entry_id)
 * for the others (V24). The next and previous pages are found by keyset: the page after a row is
 * the rows that follow its {@code (column, tie)} in the order, which the database finds by seeking
 * that index instead of skipping {@code page * size} rows. A row's position is split into two index
 * ranges, so that no row-value comparison is needed (H2 does not seek on one): the rows tied with
 * it on the column and beyond it on the tie, then the rows beyond it on the column. Entries without
 * a value for the column (no expiry) form a range of their own after all others, so "soonest expiry
 * first" lists the entries that never expire last, on H2 and PostgreSQL alike (they sort nulls
 * differently).
 *
 * <p>The number of matches is counted only up to {@link #COUNT_LIMIT}, because an exact count of a
 * million filtered rows costs a scan of all of them on every page. Read-only; thread-safe.
 */
@Service
public class EntryTable {

  /** Matches are counted up to this; beyond, the table says "more than". */
  public static final int COUNT_LIMIT = 10_000;

  private final EntityManager entityManager;
  private final EntryRepository repository;
  private final Clock clock;

  EntryTable(EntityManager entityManager, EntryRepository repository, Clock clock) {
    this.entityManager = entityManager;
    this.repository = repository;
    this.clock = clock;
  }

  /** One page of the scope's entries matching the filter, {@code page} pages from the start. */
  @Transactional(readOnly = true)
  public EntryRows page(long scopeId, EntryFilter filter, EntrySort sort, int page, int size) {
    return page(scopeId, filter, sort, page, size, null, null);
  }

  /**
   * One page of the scope's entries matching the filter: the page after the row with id {@code
   * after}, or the page before the row with id {@code before}, found by keyset as the class says;
   * {@code page} then only numbers the page for display. Without either (or when that row is gone
   * or not the scope's), the page {@code page} pages from the start, whose rows are skipped.
   */
  @Transactional(readOnly = true)
  public EntryRows page(
      long scopeId,
      EntryFilter filter,
      EntrySort sort,
      int page,
      int size,
      Long after,
      Long before) {
    Walk walk = new Walk(EntrySearch.of(scopeId, filter, clock.instant()), sort);
    Entry cursor = cursor(scopeId, after != null ? after : before);
    boolean backwards = cursor != null && after == null;
    List<Entry> rows =
        cursor == null
            ? walk.fromStart(page * size, size + 1)
            : walk.from(cursor, backwards, size + 1);
    boolean more = rows.size() > size;
    if (more) {
      rows = new ArrayList<>(rows.subList(0, size));
    }
    boolean hasNext;
    boolean hasPrevious;
    if (backwards) {
      Collections.reverse(rows);
      hasNext = true; // the row the user came from
      hasPrevious = more;
    } else {
      hasNext = more;
      hasPrevious = cursor != null || page > 0;
    }
    int number = backwards && !more ? 0 : page; // walked back to the start

    long total;
    boolean lowerBound;
    if (!hasPrevious && !hasNext) {
      total = rows.size(); // the first page holds them all: nothing else to count
      lowerBound = false;
    } else {
      CriteriaBuilder cb = entityManager.getCriteriaBuilder();
      CriteriaQuery<Long> idQuery = cb.createQuery(Long.class);
      Root<Entry> ids = idQuery.from(Entry.class);
      idQuery.select(ids.get("id")).where(walk.spec.toPredicate(ids, idQuery, cb));
      int counted =
          entityManager.createQuery(idQuery).setMaxResults(COUNT_LIMIT + 1).getResultList().size();
      lowerBound = counted > COUNT_LIMIT;
      total = Math.min(counted, COUNT_LIMIT);
    }
    return new EntryRows(
        List.copyOf(rows), number, size, total, lowerBound, hasNext, hasPrevious, true);
  }

  /**
   * Hands every entry of the scope matching the filter to {@code each}, in the sort's order, read
   * by keyset a chunk at a time (the way the table's pages are) and let go of after each chunk, so
   * an export of millions of entries holds one chunk in memory. The rows are read in one read-only
   * transaction.
   */
  @Transactional(readOnly = true)
  public void forEach(
      long scopeId, EntryFilter filter, EntrySort sort, java.util.function.Consumer<Entry> each) {
    Walk walk = new Walk(EntrySearch.of(scopeId, filter, clock.instant()), sort);
    List<Entry> chunk = walk.fromStart(0, EXPORT_CHUNK);
    while (!chunk.isEmpty()) {
      chunk.forEach(each);
      Entry last = chunk.get(chunk.size() - 1);
      boolean more = chunk.size() == EXPORT_CHUNK;
      entityManager.clear(); // the rows handed over are not kept by the persistence context
      chunk = more ? walk.from(last, false, EXPORT_CHUNK) : List.of();
    }
  }

  /** Rows read per query by {@link #forEach}. */
  private static final int EXPORT_CHUNK = 1_000;

  /**
   * The scope's entries that cover a queried address, network or name without starting with it: the
   * networks containing {@code 192.0.2.7} ({@code 192.0.2.0/24}, {@code 192.0.0.0/16}, ...), the
   * patterns of a name's parents ({@code .example.com}, {@code *.example.com} for {@code
   * mail.example.com}). Empty when the query is no entry value. Found by exact value on the value
   * index: at most a few hundred candidates, whatever the scope's size.
   */
  @Transactional(readOnly = true)
  public List<Entry> covering(long scopeId, String query) {
    if (query == null || query.isBlank()) {
      return List.of();
    }
    List<String> candidates = CoveringValues.of(query);
    if (candidates.isEmpty()) {
      return List.of();
    }
    return repository.findByValueIn(candidates).stream()
        .filter(entry -> entry.getScopeId() == scopeId)
        .sorted(
            java.util.Comparator.comparing(
                (Entry entry) -> DecisionRule.specificity(entry.parsedValue())))
        .toList();
  }

  /** The row a keyset page starts from, or null when there is none in the scope. */
  private Entry cursor(long scopeId, Long id) {
    if (id == null) {
      return null;
    }
    Entry entry = entityManager.find(Entry.class, id);
    return entry != null && entry.getScopeId() == scopeId ? entry : null;
  }

  /**
   * Reads one order of the matching rows in index ranges: the rows with a value for the sorted
   * column, ordered by {@code (column, tie)}, and (for a column that may be empty) the rows without
   * one, ordered by id, after them or before them ({@link EntrySort#keylessFirst}). By hits, the
   * rows with a value are the entries joined to their hit counters, the rows without one the
   * entries that have none.
   */
  private final class Walk {

    final Specification<Entry> spec;
    private final EntrySort sort;

    Walk(Specification<Entry> spec, EntrySort sort) {
      this.spec = spec;
      this.sort = sort;
    }

    /** The index ranges of the order, as they are read in the given direction. */
    private List<Bound> ranges(boolean ascending) {
      if (!sort.nullable) {
        return List.of(Bound.KEYED);
      }
      return sort.keylessFirst(ascending)
          ? List.of(Bound.NO_KEY, Bound.KEYED)
          : List.of(Bound.KEYED, Bound.NO_KEY);
    }

    /** Up to {@code limit} rows after skipping {@code offset}, in the sort's order. */
    List<Entry> fromStart(int offset, int limit) {
      List<Entry> rows = new ArrayList<>();
      long skip = offset;
      for (Bound range : ranges(sort.ascending)) {
        if (rows.size() >= limit) {
          break;
        }
        if (rows.isEmpty() && skip > 0) {
          List<Entry> found = fetch(range, null, sort.ascending, (int) skip, limit);
          rows.addAll(found);
          if (found.isEmpty()) {
            skip = Math.max(0, skip - count(range)); // the skipped rows were all in this range
          }
        } else {
          rows.addAll(fetch(range, null, sort.ascending, 0, limit - rows.size()));
        }
      }
      return rows;
    }

    /**
     * Up to {@code limit} rows beyond the cursor row: following it in the sort's order, or (when
     * {@code backwards}) preceding it, nearest first.
     */
    List<Entry> from(Entry cursor, boolean backwards, int limit) {
      boolean ascending = sort.ascending != backwards;
      boolean cursorHasKey = sort.hasKey(cursor);
      List<Bound> ranges = ranges(ascending);
      int at = ranges.indexOf(cursorHasKey ? Bound.KEYED : Bound.NO_KEY);
      List<Entry> rows =
          new ArrayList<>(
              cursorHasKey
                  ? keyedAfter(cursor, ascending, limit)
                  : fetch(Bound.NO_KEY, cursor, ascending, 0, limit));
      for (Bound range : ranges.subList(at + 1, ranges.size())) {
        if (rows.size() < limit) {
          rows.addAll(fetch(range, null, ascending, 0, limit - rows.size()));
        }
      }
      return rows;
    }

    /** Rows with a key beyond the cursor's (key, id), reading in the given direction. */
    private List<Entry> keyedAfter(Entry cursor, boolean ascending, int limit) {
      if (sort.byId()) {
        return fetch(Bound.KEYED, cursor, ascending, 0, limit);
      }
      List<Entry> rows = new ArrayList<>(fetch(Bound.TIED, cursor, ascending, 0, limit));
      if (rows.size() < limit) {
        rows.addAll(fetch(Bound.BEYOND_KEY, cursor, ascending, 0, limit - rows.size()));
      }
      return rows;
    }

    /** How many matching rows one range holds. */
    private long count(Bound range) {
      CriteriaBuilder cb = entityManager.getCriteriaBuilder();
      CriteriaQuery<Long> query = cb.createQuery(Long.class);
      Root<Entry> root = query.from(Entry.class);
      Columns columns = columns(range, root);
      query
          .select(cb.count(root))
          .where(
              cb.and(
                  spec.toPredicate(root, query, cb),
                  bound(range, null, true, root, columns, query)));
      return entityManager.createQuery(query).getSingleResult();
    }

    /**
     * One index range, ordered by scope, then (unless by id alone) the column, then the tie: with
     * the scope fixed (and in a tied range the column) these change nothing, but they let H2 see
     * that the index on (scope_id, column, tie) serves the order, so it walks that index and stops
     * after {@code limit} rows.
     */
    private List<Entry> fetch(Bound bound, Entry cursor, boolean ascending, int offset, int limit) {
      CriteriaBuilder cb = entityManager.getCriteriaBuilder();
      CriteriaQuery<Entry> query = cb.createQuery(Entry.class);
      Root<Entry> root = query.from(Entry.class);
      Columns columns = columns(bound, root);
      query.where(
          cb.and(
              spec.toPredicate(root, query, cb),
              bound(bound, cursor, ascending, root, columns, query)));
      List<Order> order = new ArrayList<>();
      if (!columns.joined()) {
        order.add(direction(cb, root.get("scopeId"), ascending));
      }
      if (!sort.byId() && columns.key() != null) {
        order.add(direction(cb, columns.key(), ascending));
      }
      order.add(direction(cb, columns.tie(), ascending));
      query.orderBy(order);
      return entityManager
          .createQuery(query)
          .setFirstResult(offset)
          .setMaxResults(limit)
          .getResultList();
    }

    /**
     * The column and the tie a range is ordered by. By hits, the rows with hits are read joined to
     * their counter, ordered by its (hits, entry_id), which the index of V24 serves; the rows
     * without hits have no key column and are ordered by id.
     */
    private Columns columns(Bound bound, Root<Entry> root) {
      if (sort.byHits()) {
        if (bound == Bound.NO_KEY) {
          return new Columns(null, root.get("id"), false);
        }
        Join<Entry, EntryHitCount> counter = root.join(EntryHitCount.class);
        CriteriaBuilder cb = entityManager.getCriteriaBuilder();
        counter.on(cb.equal(counter.get("entryId"), root.get("id")));
        return new Columns(counter.get("hits"), counter.get("entryId"), true);
      }
      return new Columns(root.get(sort.attribute), root.get(sort.tie), false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Predicate bound(
        Bound bound,
        Entry cursor,
        boolean ascending,
        Root<Entry> root,
        Columns columns,
        AbstractQuery<?> query) {
      CriteriaBuilder cb = entityManager.getCriteriaBuilder();
      Path<Long> id = root.get("id");
      Expression key = columns.key();
      Expression tie = columns.tie();
      Comparable tied = cursor == null ? null : sort.tieOf(cursor);
      Predicate tieBeyond =
          cursor == null
              // Steers H2 from the foreign-key index on the scope alone to (scope_id, id).
              ? (ascending ? cb.greaterThan(id, Long.MIN_VALUE) : cb.lessThan(id, Long.MAX_VALUE))
              : (ascending ? cb.greaterThan(tie, tied) : cb.lessThan(tie, tied));
      if (sort.byId()) {
        return tieBeyond;
      }
      Comparable value = cursor == null ? null : sort.keyOf(cursor);
      return switch (bound) {
        // A lower bound that every value passes: it keeps out the rows without one and, like
        // the id bound above, steers H2 to the index on (scope_id, column, tie).
        case KEYED -> cb.greaterThanOrEqualTo(key, (Comparable) floor());
        case TIED -> cb.and(cb.equal(key, value), tieBeyond);
        case BEYOND_KEY -> {
          Predicate beyond = ascending ? cb.greaterThan(key, value) : cb.lessThan(key, value);
          // A counter may stand at zero: that entry is among the rows without hits, not here.
          yield sort.byHits()
              ? cb.and(beyond, cb.greaterThanOrEqualTo(key, (Comparable) floor()))
              : beyond;
        }
        case NO_KEY -> cb.and(noKey(root, query), tieBeyond);
      };
    }

    /** The rows without a value for the column: no expiry; by hits, no counter above zero. */
    private Predicate noKey(Root<Entry> root, AbstractQuery<?> query) {
      CriteriaBuilder cb = entityManager.getCriteriaBuilder();
      if (!sort.byHits()) {
        return cb.isNull(root.get(sort.attribute));
      }
      Subquery<Long> hit = query.subquery(Long.class);
      Root<EntryHitCount> counter = hit.from(EntryHitCount.class);
      hit.select(counter.get("entryId"))
          .where(
              cb.equal(counter.get("entryId"), root.get("id")),
              cb.greaterThan(counter.<Long>get("hits"), 0L));
      return cb.not(cb.exists(hit));
    }

    private Object floor() {
      return switch (sort) {
        case VALUE -> "";
        case HITS, MOST_HITS -> 1L; // an entry with hits has at least one
        default -> EntrySearch.BEFORE_ALL;
      };
    }

    private static Order direction(CriteriaBuilder cb, Expression<?> column, boolean ascending) {
      return ascending ? cb.asc(column) : cb.desc(column);
    }
  }

  /**
   * What a range is ordered by: the column (null for rows without a value for it), the tie, and
   * whether they come from the joined hit counter.
   */
  private record Columns(Expression<?> key, Expression<?> tie, boolean joined) {}

  /** Which index range of an order a query reads. */
  private enum Bound {
    /** Every row with a value for the column (by id: every row beyond the cursor). */
    KEYED,
    /** Rows with the cursor's value for the column, beyond it on the tie. */
    TIED,
    /** Rows beyond the cursor's value for the column. */
    BEYOND_KEY,
    /** Rows without a value for the column, beyond the cursor by id when there is one. */
    NO_KEY
  }
}
