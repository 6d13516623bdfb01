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

  List<Entry> findByScopeIdInAndValueIn(Collection<Long> scopeIds, Collection<String> values);

  Optional<Entry> findByScopeIdAndKindAndValue(long scopeId, ListKind kind, String value);

  List<Entry> findByScopeIdAndKindAndValueIn(
      long scopeId, ListKind kind, Collection<String> values);

  List<Entry> findByScopeIdOrderByIdAsc(long scopeId);

  long countByScopeId(long scopeId);

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
