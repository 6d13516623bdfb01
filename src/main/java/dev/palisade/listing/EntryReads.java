package dev.palisade.listing;

import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.DecisionRule;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * The reads of entries: one by id or by value, a scope's pages and whole list, and the entries
 * matching a query ranked by the decision rule. Each is one query, in the caller's transaction if
 * there is one. Thread-safe.
 */
@Component
class EntryReads {

  private final EntryRepository entries;
  private final Clock clock;

  EntryReads(EntryRepository entries, Clock clock) {
    this.entries = entries;
    this.clock = clock;
  }

  /** See {@link Listings#entry(long)}. */
  Entry entry(long entryId) {
    return entries
        .findById(entryId)
        .orElseThrow(() -> new NotFoundException("entry " + entryId + " not found"));
  }

  /** See {@link Listings#entry(long, ListKind, EntryValue)}. */
  Optional<Entry> entry(long scopeId, ListKind kind, EntryValue value) {
    return entries.findByScopeIdAndKindAndValue(scopeId, kind, value.canonical());
  }

  /**
   * See {@link Listings#find}. Ordered by the scope too, which is one here, so that H2 reads the
   * index of V31 ({@link EntryNewestFirstMigration}) newest first and stops after the page.
   */
  Page<Entry> find(long scopeId, EntryFilter filter, int page, int size) {
    return entries.findAll(
        EntrySearch.of(scopeId, filter, clock.instant()),
        PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "scopeId", "id")));
  }

  /** See {@link Listings#entries}. */
  List<Entry> entries(long scopeId) {
    return entries.findByScopeIdOrderByIdAsc(scopeId);
  }

  /** See {@link Listings#candidates}. */
  List<Candidate> candidates(Long serverScopeId, long accountScopeId, String query) {
    EntryValue asked = EntryValue.parseQuery(query);
    List<Long> scopeIds =
        serverScopeId == null ? List.of(accountScopeId) : List.of(serverScopeId, accountScopeId);
    Instant now = clock.instant();
    return entries.findByValueIn(Candidates.of(asked)).stream()
        .filter(entry -> scopeIds.contains(entry.getScopeId()) && entry.isActiveAt(now))
        .map(
            entry ->
                Candidate.of(entry, serverScopeId != null && entry.getScopeId() == serverScopeId))
        .sorted(DecisionRule.bestFirst(Candidate::match))
        .toList();
  }
}
