package dev.palisade.account;

import java.util.List;
import java.util.Set;

/**
 * Announced after a committed change to the set of scopes (created, renamed, deleted).
 *
 * @param scopes every scope that exists now
 * @param serial a serial higher than every serial announced before, for the base zone
 * @param created the ids of the scopes this change created: they have no entries yet, at the serial
 *     they are announced with. Other scopes new to a listener may have been created and filled by
 *     another node.
 */
public record ScopesChanged(List<ScopeInfo> scopes, long serial, Set<Long> created) {

  public ScopesChanged {
    scopes = List.copyOf(scopes);
    created = Set.copyOf(created);
  }

  /** A change that created no scope. */
  public ScopesChanged(List<ScopeInfo> scopes, long serial) {
    this(scopes, serial, Set.of());
  }
}
