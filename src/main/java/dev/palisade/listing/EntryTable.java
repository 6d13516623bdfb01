package dev.palisade.listing;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads pages of a scope's entries for the UI's table, fast at any size: rows come in an order an
 * index of migration V4 provides (so the database stops after one page instead of sorting the whole
 * scope), and the number of matches is counted only up to {@link #COUNT_LIMIT}, because an exact
 * count of a million filtered rows costs a scan of all of them on every page. Read-only;
 * thread-safe.
 */
@Service
public class EntryTable {

  /** Matches are counted up to this; beyond, the table says "more than". */
  public static final int COUNT_LIMIT = 10_000;

  private final EntityManager entityManager;
  private final Clock clock;

  EntryTable(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /** One page of the scope's entries matching the filter, {@code page} pages from the start. */
  @Transactional(readOnly = true)
  public EntryRows page(long scopeId, EntryFilter filter, EntrySort sort, int page, int size) {
    return page(scopeId, filter, sort, page, size, null, null);
  }

  /**
   * One page of the scope's entries matching the filter. For the orders by id ({@link
   * EntrySort#NEWEST}, {@link EntrySort#OLDEST}) a page can be asked for by keyset: the page after
   * the row with id {@code after} or the page before the row with id {@code before}, which the
   * database finds by seeking the {@code (scope_id, id)} index instead of skipping {@code page *
   * size} rows; {@code page} then only numbers the page for display. Otherwise, and for the other
   * orders, the rows are skipped.
   *
   * <p>Every query orders by the scope first, then the column: with the scope fixed that is the
   * same order, but it lets H2 see that an index starting with the scope serves it, so it walks
   * that index and stops after one page instead of sorting the whole scope. The id bound on the
   * keyset queries also steers H2 from the foreign-key index on the scope alone to {@code
   * (scope_id, id)}.
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
    var spec = EntrySearch.of(scopeId, filter, clock.instant());
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    boolean byId = sort.attribute.equals("id");
    boolean backwards = byId && after == null && before != null;

    CriteriaQuery<Entry> rowsQuery = cb.createQuery(Entry.class);
    Root<Entry> root = rowsQuery.from(Entry.class);
    Path<Long> id = root.get("id");
    Predicate where = spec.toPredicate(root, rowsQuery, cb);
    if (byId) {
      // Newest first walks ids downwards: "after" a row means smaller ids, "before" larger ones.
      boolean down = !sort.ascending;
      if (after != null) {
        where = cb.and(where, down ? cb.lessThan(id, after) : cb.greaterThan(id, after));
      } else if (before != null) {
        where = cb.and(where, down ? cb.greaterThan(id, before) : cb.lessThan(id, before));
      } else {
        where = cb.and(where, down ? cb.lessThan(id, Long.MAX_VALUE) : cb.greaterThan(id, 0L));
      }
    }
    rowsQuery.where(where);
    boolean ascending = sort.ascending != backwards;
    Path<Object> scope = root.get("scopeId");
    List<Order> order = new ArrayList<>();
    order.add(ascending ? cb.asc(scope) : cb.desc(scope));
    if (!byId) {
      order.add(
          sort.ascending ? cb.asc(root.get(sort.attribute)) : cb.desc(root.get(sort.attribute)));
    }
    order.add(ascending ? cb.asc(id) : cb.desc(id));
    rowsQuery.orderBy(order);
    boolean keyset = byId && (after != null || before != null);
    var typed = entityManager.createQuery(rowsQuery).setMaxResults(size + 1);
    if (!keyset) {
      typed.setFirstResult(page * size);
    }
    List<Entry> rows = new ArrayList<>(typed.getResultList());
    boolean more = rows.size() > size;
    if (more) {
      rows = rows.subList(0, size);
    }
    boolean hasNext;
    boolean hasPrevious;
    if (backwards) {
      Collections.reverse(rows);
      hasNext = true; // the row the user came from
      hasPrevious = more;
    } else {
      hasNext = more;
      hasPrevious = keyset || page > 0;
    }
    int number = backwards && !more ? 0 : page; // walked back to the start

    long total;
    boolean lowerBound;
    if (!hasPrevious && !hasNext) {
      total = rows.size(); // the first page holds them all: nothing else to count
      lowerBound = false;
    } else {
      CriteriaQuery<Long> idQuery = cb.createQuery(Long.class);
      Root<Entry> ids = idQuery.from(Entry.class);
      idQuery.select(ids.get("id")).where(spec.toPredicate(ids, idQuery, cb));
      int counted =
          entityManager.createQuery(idQuery).setMaxResults(COUNT_LIMIT + 1).getResultList().size();
      lowerBound = counted > COUNT_LIMIT;
      total = Math.min(counted, COUNT_LIMIT);
    }
    return new EntryRows(
        List.copyOf(rows), number, size, total, lowerBound, hasNext, hasPrevious, byId);
  }

  /**
   * How many entries each of the scopes holds per list and type, active ones only: keys like {@code
   * BLOCK IPV4}. One grouped scan of the scopes' entries.
   */
  @Transactional(readOnly = true)
  public Map<String, Long> activeCounts(List<Long> scopeIds) {
    List<Object[]> rows =
        entityManager
            .createQuery(
                "select e.kind, e.valueType, count(e) from Entry e where e.scopeId in :scopes"
                    + " and e.enabled = true and (e.expiresAt is null or e.expiresAt > :now)"
                    + " group by e.kind, e.valueType",
                Object[].class)
            .setParameter("scopes", scopeIds)
            .setParameter("now", clock.instant())
            .getResultList();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Object[] row : rows) {
      counts.put(row[0] + " " + row[1], (Long) row[2]);
    }
    return counts;
  }
}
