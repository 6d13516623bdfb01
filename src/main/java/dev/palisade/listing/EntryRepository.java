package dev.palisade.listing;

import dev.palisade.dnsbl.ListKind;
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

  /**
   * Entries of one scope that expired before the cutoff: a range of the (scope_id, expires_at, id)
   * index. There is no index on the expiry alone (migration V6), so expiry work goes scope by
   * scope.
   */
  List<Entry> findByScopeIdAndExpiresAtBefore(
      long scopeId, Instant cutoff, org.springframework.data.domain.Pageable page);

  /** Every scope, for work that goes scope by scope. */
  @Query(value = "select id from scope order by id", nativeQuery = true)
  List<Long> scopeIds();

  /**
   * Scopes having enabled entries whose expiry falls in (after, upTo] and came after their last
   * write (an entry expired by hand is written with its expiry at that moment, and that write took
   * it out of DNS already): one probe of the (scope_id, expires_at, id) index per scope, since
   * there is no index on the expiry alone (migration V6).
   */
  @Query(
      value =
          "select s.id from scope s where exists (select 1 from entry e where e.scope_id = s.id"
              + " and e.enabled = true and e.expires_at > :after and e.expires_at <= :upTo"
              + " and e.updated_at < e.expires_at)"
              + " order by s.id",
      nativeQuery = true)
  List<Long> scopesWithExpiries(Instant after, Instant upTo);

  @Query(
      "select e from Entry e where e.scopeId = :scopeId and e.enabled = true"
          + " and e.expiresAt > :after and e.expiresAt <= :upTo and e.updatedAt < e.expiresAt"
          + " and (e.expiryRecorded is null or e.expiryRecorded <> e.expiresAt)")
  List<Entry> expiring(long scopeId, Instant after, Instant upTo);
}
