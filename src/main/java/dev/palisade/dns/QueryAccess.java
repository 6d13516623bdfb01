package dev.palisade.dns;

import dev.palisade.dnsbl.Networks;
import dev.palisade.index.ZoneView;

/**
 * Who may query a scope's zones: the networks of the zone's query ACL ({@link
 * ZoneView#allowQuery()} — the scope's own, or its account's), else the operator's default ({@code
 * palisade.dns.allow-query}); without either, everyone. Clients not allowed are answered REFUSED
 * for every name in the zone, the RFC 5782 test points too, as NSD answers a client outside {@code
 * allow-query}. Names outside the scopes' zones (the base zone's apex, unknown labels) answer
 * everyone: resolvers need them to find the zones at all.
 *
 * <p>Immutable and thread-safe; {@link #allows} allocates nothing and costs a zone without an ACL,
 * under a default of everyone, two null checks.
 */
final class QueryAccess {

  /** The operator's default; null: everyone. */
  private final Networks defaults;

  QueryAccess(DnsSettings settings) {
    this.defaults = settings.allowQueryNetworks();
  }

  /**
   * Whether the client may query the zone.
   *
   * @param client where the query came from; null for a query asked in-process (the lookup tool),
   *     which no ACL applies to
   */
  boolean allows(ZoneView zone, QuerySource client) {
    if (client == null) {
      return true;
    }
    Networks allowed = zone.allowQuery();
    if (allowed == null) {
      allowed = defaults;
      if (allowed == null) {
        return true;
      }
    }
    return client.in(allowed);
  }
}
