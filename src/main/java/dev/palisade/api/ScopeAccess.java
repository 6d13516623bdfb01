package dev.palisade.api;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.account.WriteTarget;
import dev.palisade.common.NotFoundException;
import java.util.Optional;
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

  /**
   * The account scope, or a server's scope when {@code server} is given. Every API request on
   * entries asks this, so the scope is found with one statement; only when it is missing are the
   * account and the server looked up one by one, to say which of them is.
   */
  ScopeDetails scope(Caller caller, String slug, String server, boolean write) {
    Optional<ScopeDetails> found = accounts.findScope(slug, server);
    if (found.isEmpty()) {
      return lookUp(caller, slug, server, write);
    }
    ScopeDetails scope = found.get();
    if (!caller.canSeeAccount(scope.accountId())) {
      throw notFound(slug);
    }
    check(caller, slug, server, scope.accountId(), scope.serverId(), write);
    return scope;
  }

  /**
   * The scope a write names, for a write that finds it itself ({@link WriteTarget}): the caller's
   * rights are checked on the scope the write finds, before it changes anything, and a missing
   * scope is reported as {@link #scope} reports it. Saves a request the look-up before its write.
   */
  WriteTarget writeTarget(Caller caller, String slug, String server) {
    return WriteTarget.named(
        slug,
        server,
        scope -> {
          if (!caller.canSeeAccount(scope.accountId())) {
            throw notFound(slug);
          }
          check(caller, slug, server, scope.accountId(), scope.serverId(), true);
        },
        () -> {
          // Throws the error naming what is missing, or what the caller may not do.
          lookUp(caller, slug, server, true);
          return server == null
              ? notFound(slug)
              : new NotFoundException("mail server '" + server + "' not found");
        });
  }

  /** {@link #scope} step by step, with the error that names what is missing. */
  private ScopeDetails lookUp(Caller caller, String slug, String server, boolean write) {
    Account account = account(caller, slug);
    Long serverId = null;
    if (server != null) {
      MailServer found = accounts.serverByName(account.getId(), server);
      serverId = found.getId();
    }
    check(caller, slug, server, account.getId(), serverId, write);
    long scopeId =
        serverId == null
            ? accounts.accountScope(account.getId()).id()
            : accounts.serverScope(serverId).id();
    return accounts.describe(scopeId);
  }

  /** Whether the caller may see, and when {@code write} change, the scope; throws if not. */
  private static void check(
      Caller caller, String slug, String server, long accountId, Long serverId, boolean write) {
    if (!caller.canSeeScope(accountId, serverId)) {
      throw server == null
          ? new NotFoundException("account '" + slug + "' not found")
          : new NotFoundException("mail server '" + server + "' not found");
    }
    if (write && !caller.canChangeScope(accountId, serverId)) {
      throw new AccessDeniedException("this token may read but not change these entries");
    }
  }

  private static NotFoundException notFound(String slug) {
    return new NotFoundException("account '" + slug + "' not found");
  }
}
