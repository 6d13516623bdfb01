package dev.palisade.listing;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.time.Clock;
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

  /** One page of the scope's entries matching the filter. */
  @Transactional(readOnly = true)
  public EntryRows page(long scopeId, EntryFilter filter, EntrySort sort, int page, int size) {
    var spec = EntrySearch.of(scopeId, filter, clock.instant());
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();

    CriteriaQuery<Entry> rowsQuery = cb.createQuery(Entry.class);
    Root<Entry> root = rowsQuery.from(Entry.class);
    rowsQuery.where(spec.toPredicate(root, rowsQuery, cb));
    var order = root.get(sort.attribute);
    var tieBreak = root.get("id");
    rowsQuery.orderBy(
        sort.ascending ? cb.asc(order) : cb.desc(order),
        sort.ascending ? cb.asc(tieBreak) : cb.desc(tieBreak));
    List<Entry> rows =
        entityManager
            .createQuery(rowsQuery)
            .setFirstResult(page * size)
            .setMaxResults(size + 1)
            .getResultList();
    boolean hasNext = rows.size() > size;
    if (hasNext) {
      rows = rows.subList(0, size);
    }

    long total;
    boolean lowerBound;
    if (page == 0 && !hasNext) {
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
    return new EntryRows(List.copyOf(rows), page, size, total, lowerBound, hasNext);
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
