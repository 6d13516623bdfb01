package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.Networks;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sets and removes scopes' query ACLs: the client networks allowed to query a scope's zones, which
 * DNS answers REFUSED to everyone else (in the manner of NSD's {@code allow-query}). A change is
 * written to the audit trail and announced as a {@link ScopesChanged} after commit, so DNS applies
 * it at once; the zones' content and serials stay as they are. Who may call is the caller's
 * business (the API and UI let an account's writers do it).
 *
 * <p>Thread-safe; each public method is one transaction.
 */
@Service
public class QueryAcls {

  private final ScopeRepository scopes;
  private final Accounts accounts;
  private final AuditLog audit;
  private final Clock clock;

  QueryAcls(ScopeRepository scopes, Accounts accounts, AuditLog audit, Clock clock) {
    this.scopes = scopes;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
  }

  /** The scope's ACL with its account's; {@link NotFoundException} when there is no such scope. */
  @Transactional(readOnly = true)
  public QueryAcl of(long scopeId) {
    Scope scope = scope(scopeId);
    Networks own = ScopeRow.queryAcl(scope.getZoneLabel(), scope.getAllowQuery());
    if (scope.getMailServerId() == null) {
      return new QueryAcl(false, own, null);
    }
    Scope account = scopes.findByAccountIdAndMailServerIdIsNull(scope.getAccountId()).orElseThrow();
    return new QueryAcl(
        true, own, ScopeRow.queryAcl(account.getZoneLabel(), account.getAllowQuery()));
  }

  /**
   * Gives the scope its own ACL: only these networks may query its zones (and, for an account, the
   * zones of its mail servers without one of their own). Throws {@link
   * dev.palisade.dnsbl.InvalidEntryException} naming the first value that is not an address or
   * network, and for an empty list; nothing changes then.
   */
  @Transactional
  public QueryAcl set(long scopeId, List<String> networks, Actor actor) {
    Networks parsed = Networks.parse(networks);
    Scope scope = scope(scopeId);
    String before = scope.getAllowQuery();
    if (!parsed.text().equals(before)) {
      scope.allowQuery(parsed.text());
      record(scope, actor, "query ACL set to " + parsed.text() + was(before));
      announce();
    }
    return of(scopeId);
  }

  /** Removes the scope's own ACL: it inherits again. Does nothing when it has none. */
  @Transactional
  public QueryAcl remove(long scopeId, Actor actor) {
    Scope scope = scope(scopeId);
    String before = scope.getAllowQuery();
    if (before != null) {
      scope.allowQuery(null);
      record(scope, actor, "query ACL removed" + was(before));
      announce();
    }
    return of(scopeId);
  }

  private Scope scope(long scopeId) {
    return scopes
        .findById(scopeId)
        .orElseThrow(() -> new NotFoundException("scope " + scopeId + " not found"));
  }

  private static String was(String before) {
    return before == null ? " (was: inherited)" : " (was: " + before + ")";
  }

  private void record(Scope scope, Actor actor, String summary) {
    boolean account = scope.getMailServerId() == null;
    audit.record(
        AuditRecord.of(
            clock.instant(),
            scope.getAccountId(),
            actor,
            "UPDATE",
            account ? "ACCOUNT" : "MAIL_SERVER",
            account ? scope.getAccountId() : scope.getMailServerId(),
            summary));
  }

  /** Tells DNS, after commit, the scopes as they are now, with their ACLs; other nodes too. */
  private void announce() {
    accounts.announceScopes();
  }
}
