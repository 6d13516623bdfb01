package dev.palisade.listing;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.jpa.domain.Specification;

/** Turns an {@link EntryFilter} into a query over one scope's entries. */
final class EntrySearch {

  /**
   * Before every expiry and change time. A lower bound at it keeps the rows without an expiry out
   * of an index range on the expiry: H2 sorts them first in its indexes, so a range with only an
   * upper bound would walk through all of them.
   */
  static final Instant BEFORE_ALL = Instant.parse("1900-01-01T00:00:00Z");

  private EntrySearch() {}

  /**
   * The filter as a query. A {@link EntryFilter.TextMatch#VALUE_PREFIX} filter is a {@code like
   * 'prefix%'}, also given as the range {@code [prefix, successor)}, which any database serves from
   * an index on the value: both compare values by code point (H2 always, PostgreSQL in the value's
   * own collation, {@link EntryValueCollationMigration}), so the range holds every match.
   */
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
      if (filter.hasText()) {
        String text = filter.text().strip().toLowerCase(Locale.ROOT);
        String anywhere = "%" + escape(text) + "%";
        switch (filter.match()) {
          case VALUE_PREFIX -> {
            String prefix = valuePrefix(filter.text());
            where.add(cb.like(root.get("value"), escape(prefix) + "%", '\\'));
            where.add(cb.greaterThanOrEqualTo(root.get("value"), prefix));
            where.add(cb.lessThan(root.get("value"), successor(prefix)));
          }
          case REASON -> where.add(cb.like(cb.lower(root.get("reason")), anywhere, '\\'));
          case VALUE_OR_REASON ->
              where.add(
                  cb.or(
                      cb.like(cb.lower(root.get("value")), anywhere, '\\'),
                      cb.like(cb.lower(root.get("reason")), anywhere, '\\')));
        }
      }
      if (filter.state() == EntryFilter.State.ACTIVE) {
        where.add(cb.isTrue(root.get("enabled")));
        where.add(
            cb.or(cb.isNull(root.get("expiresAt")), cb.greaterThan(root.get("expiresAt"), now)));
      } else if (filter.state() == EntryFilter.State.EXPIRED) {
        where.add(cb.between(root.get("expiresAt"), BEFORE_ALL, now));
      }
      return cb.and(where.toArray(Predicate[]::new));
    };
  }

  /**
   * What stored values must start with to match a prefix search: a whole value in canonical form
   * (so {@code 2001:DB8:0::1} finds {@code 2001:db8::1}), anything else in lower case, as values
   * are stored.
   */
  static String valuePrefix(String text) {
    String stripped = text.strip();
    try {
      return EntryValue.parse(stripped).canonical();
    } catch (InvalidEntryException e) {
      return stripped.toLowerCase(Locale.ROOT);
    }
  }

  /** The smallest text greater than every text starting with the prefix, in code-point order. */
  static String successor(String prefix) {
    if (prefix.isEmpty()) {
      return String.valueOf(Character.MAX_VALUE);
    }
    int last = prefix.length() - 1;
    char c = prefix.charAt(last);
    return c == Character.MAX_VALUE
        ? successor(prefix.substring(0, last))
        : prefix.substring(0, last) + (char) (c + 1);
  }

  /** The text with the {@code like} wildcards escaped by a backslash. */
  static String escape(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
