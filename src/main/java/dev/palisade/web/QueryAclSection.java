package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.QueryAcl;
import dev.palisade.account.QueryAcls;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dnsbl.Networks;
import org.springframework.stereotype.Component;

/**
 * The model of the "DNS access" section (template {@code fragments/access}) on the account's and
 * the server's page: who may query the scope's zones, and whence that comes. Thread-safe.
 */
@Component
class QueryAclSection {

  private final QueryAcls acls;
  private final DnsSettings dns;

  QueryAclSection(QueryAcls acls, DnsSettings dns) {
    this.acls = acls;
    this.dns = dns;
  }

  /**
   * What the section shows.
   *
   * @param own the scope's own networks, one per line; empty when it inherits
   * @param everyone whether everyone may query the zones
   * @param inForce the networks allowed now, comma-separated; empty for everyone
   * @param source where they come from, in words
   * @param action the path the forms post to
   */
  record QueryAclView(String own, boolean everyone, String inForce, String source, String action) {}

  /** The section's model for a scope of the account. */
  QueryAclView of(Account account, ScopeDetails scope) {
    QueryAcl acl = acls.of(scope.scopeId());
    Networks inForce = acl.inForce(dns.allowQueryNetworks());
    String source =
        switch (acl.source()) {
          case SERVER -> "this mail server's own list";
          case ACCOUNT -> acl.server() ? "inherited from the account" : "this account's own list";
          case SETTINGS -> "the server's default";
        };
    return new QueryAclView(
        acl.own() == null ? "" : String.join("\n", acl.own().canonical()),
        inForce == null,
        inForce == null ? "" : inForce.text(),
        source,
        QueryAclPages.page(account, scope) + "/query-acl");
  }
}
