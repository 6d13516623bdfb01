package dev.palisade.listing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface EntryRepository
    extends JpaRepository<Entry, Long>,
        org.springframework.data.jpa.repository.JpaSpecificationExecutor<Entry> {

  /**
   * Entries of every scope with one of these values. Callers pick their scope's rows: naming the
   * scope too would make H2 scan the scope instead of using the index on the value.
   */
  List<Entry> findByValueIn(Collection<String> values);

  Optional<Entry> findByScopeIdAndKindAndValue(long scopeId, ListKind kind, String value);

  List<Entry> findByScopeIdOrderByIdAsc(long scopeId);

  List<Entry> findByExpiresAtBefore(Instant cutoff, org.springframework.data.domain.Pageable page);

  /** Scopes having enabled entries whose expiry falls in (after, upTo]. */
  @Query(
      "select distinct e.scopeId from Entry e where e.enabled = true"
          + " and e.expiresAt > :after and e.expiresAt <= :upTo")
  List<Long> scopesWithExpiries(Instant after, Instant upTo);

  @Query(
      "select e from Entry e where e.scopeId = :scopeId and e.enabled = true"
          + " and e.expiresAt > :after and e.expiresAt <= :upTo")
  List<Entry> expiring(long scopeId, Instant after, Instant upTo);
}
