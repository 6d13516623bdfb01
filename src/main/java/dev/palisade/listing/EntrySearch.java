package dev.palisade.listing;

import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.jpa.domain.Specification;

/** Turns an {@link EntryFilter} into a query over one scope's entries. */
final class EntrySearch {

  private EntrySearch() {}

  static Specification<Entry> of(long scopeId, EntryFilter filter, Instant now) {
    return (root, query, cb) -> {
      List<Predicate> where = new ArrayList<>();
      where.add(cb.equal(root.get("scopeId"), scopeId));
      if (filter.kind() != null) {
        where.add(cb.equal(root.get("kind"), filter.kind()));
      }
      if (filter.type() != null) {
        where.add(cb.equal(root.get("valueType"), filter.type()));
      }
      if (filter.source() != null) {
        where.add(cb.equal(root.get("source"), filter.source()));
      }
      if (filter.text() != null && !filter.text().isBlank()) {
        String pattern = "%" + escape(filter.text().strip().toLowerCase(Locale.ROOT)) + "%";
        where.add(
            cb.or(
                cb.like(cb.lower(root.get("value")), pattern, '\\'),
                cb.like(cb.lower(root.get("reason")), pattern, '\\')));
      }
      if (filter.state() == EntryFilter.State.ACTIVE) {
        where.add(cb.isTrue(root.get("enabled")));
        where.add(
            cb.or(cb.isNull(root.get("expiresAt")), cb.greaterThan(root.get("expiresAt"), now)));
      } else if (filter.state() == EntryFilter.State.EXPIRED) {
        where.add(cb.lessThanOrEqualTo(root.get("expiresAt"), now));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
