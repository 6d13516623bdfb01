package dev.palisade.listing;

import dev.palisade.dnsbl.DecisionRule;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds entries by value across many scopes at once — every scope of an account, or every scope
 * there is — for the UI's search: the entries whose value starts with the text, and those that
 * cover the address, network or name it names. Both are read from the index on the value alone
 * (migration V3_1), so a search costs about the same whatever the number of scopes. Read-only;
 * thread-safe.
 */
@Service
public class EntryFinder {

  private final EntityManager entityManager;
  private final EntryRepository repository;

  EntryFinder(EntityManager entityManager, EntryRepository repository) {
    this.entityManager = entityManager;
    this.repository = repository;
  }

  /** What a search found. */
  public record Found(List<Entry> covering, List<Entry> starting, boolean more) {}

  /**
   * The entries of the given scopes (null: of every scope) that cover what the text names, widest
   * last, and up to {@code limit} whose value starts with the text, in value order ({@code more}
   * says whether there were more).
   */
  @Transactional(readOnly = true)
  public Found find(Collection<Long> scopeIds, String text, int limit) {
    if (text == null || text.isBlank() || (scopeIds != null && scopeIds.isEmpty())) {
      return new Found(List.of(), List.of(), false);
    }
    List<String> coveringValues = CoveringValues.of(text);
    List<Entry> covering =
        coveringValues.isEmpty()
            ? List.of()
            : repository.findByValueIn(coveringValues).stream()
                .filter(entry -> scopeIds == null || scopeIds.contains(entry.getScopeId()))
                .sorted(
                    Comparator.comparing(
                            (Entry entry) -> DecisionRule.specificity(entry.parsedValue()))
                        .reversed())
                .toList();
    String prefix = EntrySearch.valuePrefix(text);
    CriteriaBuilder cb = entityManager.getCriteriaBuilder();
    CriteriaQuery<Entry> query = cb.createQuery(Entry.class);
    Root<Entry> root = query.from(Entry.class);
    List<Predicate> where = new ArrayList<>();
    where.add(cb.like(root.get("value"), EntrySearch.escape(prefix) + "%", '\\'));
    if (scopeIds != null) {
      where.add(root.get("scopeId").in(scopeIds));
    }
    query
        .where(where.toArray(Predicate[]::new))
        .orderBy(cb.asc(root.get("value")), cb.asc(root.get("id")));
    List<Entry> starting =
        new ArrayList<>(entityManager.createQuery(query).setMaxResults(limit + 1).getResultList());
    boolean more = starting.size() > limit;
    if (more) {
      starting = starting.subList(0, limit);
    }
    return new Found(covering, List.copyOf(starting), more);
  }
}
