package dev.palisade.account;

import java.util.List;

/**
 * Announced after a committed change to the set of scopes (created, renamed, deleted).
 *
 * @param scopes every scope that exists now
 * @param serial a serial higher than every serial announced before, for the base zone
 */
public record ScopesChanged(List<ScopeInfo> scopes, long serial) {

  public ScopesChanged {
    scopes = List.copyOf(scopes);
  }
}
