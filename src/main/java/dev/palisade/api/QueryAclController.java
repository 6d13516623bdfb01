package dev.palisade.api;

import dev.palisade.account.Caller;
import dev.palisade.account.QueryAcl;
import dev.palisade.account.QueryAcls;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dnsbl.Networks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The query ACL of an account or a mail server: which client networks may query its zones; DNS
 * answers everyone else REFUSED. Whoever sees the scope reads it; an account's account-wide writers
 * (and operators) set and remove it.
 */
@RestController
@RequestMapping({
  "/api/v1/accounts/{account}/query-acl",
  "/api/v1/accounts/{account}/servers/{server}/query-acl"
})
class QueryAclController {

  private final QueryAcls acls;
  private final ScopeAccess access;
  private final DnsSettings dns;

  QueryAclController(QueryAcls acls, ScopeAccess access, DnsSettings dns) {
    this.acls = acls;
    this.access = access;
    this.dns = dns;
  }

  @GetMapping
  AclResponse get(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server) {
    ScopeDetails scope = access.scope(caller, account, server, false);
    return response(acls.of(scope.scopeId()));
  }

  /** Only the body's networks may query the scope's zones from now on. */
  @PutMapping
  AclResponse set(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestBody(required = false) AclRequest body,
      HttpServletRequest request) {
    ScopeDetails scope = writable(caller, account, server);
    if (body == null || body.allowQuery() == null) {
      throw InvalidRequestException.field(
          "allowQuery", "name the networks allowed to query; DELETE removes the ACL");
    }
    return response(
        acls.set(scope.scopeId(), body.allowQuery(), ClientAddress.actor(caller, request)));
  }

  /** Removes the scope's own ACL: it inherits its account's, or the operator's default. */
  @DeleteMapping
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      HttpServletRequest request) {
    ScopeDetails scope = writable(caller, account, server);
    acls.remove(scope.scopeId(), ClientAddress.actor(caller, request));
  }

  private ScopeDetails writable(Caller caller, String account, String server) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    if (!caller.operator() && caller.serverId() != null) {
      // Who may query is the account's decision, as its zone labels are.
      throw new AccessDeniedException("a token bound to one mail server cannot change query ACLs");
    }
    return scope;
  }

  private AclResponse response(QueryAcl acl) {
    Networks inForce = acl.inForce(dns.allowQueryNetworks());
    return new AclResponse(
        acl.own() == null ? null : acl.own().canonical(),
        inForce == null,
        inForce == null ? List.of() : inForce.canonical(),
        acl.source().name().toLowerCase(Locale.ROOT));
  }

  /** Body of {@code PUT}: the networks allowed to query, e.g. {@code ["192.0.2.0/24"]}. */
  record AclRequest(List<String> allowQuery) {}

  /**
   * A scope's query ACL.
   *
   * @param allowQuery the scope's own networks; null when it inherits
   * @param everyone whether everyone may query the scope's zones
   * @param effective the networks allowed in force (own, the account's, or the operator's); empty
   *     when everyone may query
   * @param from where {@code effective} comes from: {@code server}, {@code account} or {@code
   *     settings}
   */
  record AclResponse(
      List<String> allowQuery, boolean everyone, List<String> effective, String from) {}
}
