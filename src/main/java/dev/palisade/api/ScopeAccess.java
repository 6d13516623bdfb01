package dev.palisade.api;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.system.NotFoundException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Resolves the account and mail server named in a URL to a scope the caller may use. What the
 * caller may not see is reported as not found — another account's objects are never confirmed to
 * exist — and what it may see but not change is forbidden.
 */
@Component
class ScopeAccess {

  private final Accounts accounts;

  ScopeAccess(Accounts accounts) {
    this.accounts = accounts;
  }

  /** The account with this slug, if the caller may see it. */
  Account account(Caller caller, String slug) {
    Account account;
    try {
      account = accounts.accountBySlug(slug);
    } catch (NotFoundException e) {
      throw notFound(slug);
    }
    if (!caller.canSeeAccount(account.getId())) {
      throw notFound(slug);
    }
    return account;
  }

  /** The account scope, or a server's scope when {@code server} is given. */
  ScopeDetails scope(Caller caller, String slug, String server, boolean write) {
    Account account = account(caller, slug);
    Long serverId = null;
    if (server != null) {
      MailServer found = accounts.serverByName(account.getId(), server);
      serverId = found.getId();
    }
    if (!caller.canSeeScope(account.getId(), serverId)) {
      throw server == null
          ? new NotFoundException("account '" + slug + "' not found")
          : new NotFoundException("mail server '" + server + "' not found");
    }
    if (write && !caller.canChangeScope(account.getId(), serverId)) {
      throw new AccessDeniedException("this token may read but not change these entries");
    }
    long scopeId =
        serverId == null
            ? accounts.accountScope(account.getId()).id()
            : accounts.serverScope(serverId).id();
    return accounts.describe(scopeId);
  }

  private static NotFoundException notFound(String slug) {
    return new NotFoundException("account '" + slug + "' not found");
  }
}
