package dev.palisade.web;

import dev.palisade.account.Account;
import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.account.Users;
import dev.palisade.audit.Actor;
import dev.palisade.common.NotFoundException;
import dev.palisade.system.security.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * Resolves what a page names (an account slug, a server name) to objects the signed-in user may
 * use, and the user to the {@link Caller} the services check. What the user may not see is not
 * found — another account's objects are never confirmed to exist — and what the user may see but
 * not change is forbidden. Thread-safe.
 */
@Component
class WebAccess {

  /** How UI changes are marked in the audit trail: typed by a person. */
  static final String CHANNEL = "manual";

  private final Accounts accounts;
  private final AccountMembers members;
  private final Users users;

  WebAccess(Accounts accounts, AccountMembers members, Users users) {
    this.accounts = accounts;
    this.members = members;
    this.users = users;
  }

  /** The caller an operator is, for pages of the installation; forbidden to anyone else. */
  Caller operator(SignedInUser user, String why) {
    if (!user.operator()) {
      throw new AccessDeniedException(why);
    }
    return Users.operatorCaller(users.user(user.id()));
  }

  /** The accounts the user may see, by slug. */
  List<Account> visibleAccounts(SignedInUser user) {
    if (user.operator()) {
      return accounts.allAccounts().stream()
          .sorted(Comparator.comparing(Account::getSlug))
          .toList();
    }
    return members.roles(user.id()).stream()
        .map(AccountRole::getAccountId)
        .map(accounts::account)
        .sorted(Comparator.comparing(Account::getSlug))
        .toList();
  }

  /** The account with this slug, if the user may see it. */
  Account account(SignedInUser user, String slug) {
    Account account;
    try {
      account = accounts.accountBySlug(slug);
    } catch (NotFoundException e) {
      throw notFound(slug);
    }
    try {
      members.callerFor(user.id(), account.getId());
    } catch (NotFoundException e) {
      throw notFound(slug);
    }
    return account;
  }

  /** The caller the user is in an account it may see. */
  Caller caller(SignedInUser user, Account account) {
    return members.callerFor(user.id(), account.getId());
  }

  /** The caller, which must be allowed to change the account. */
  Caller writer(SignedInUser user, Account account) {
    Caller caller = caller(user, account);
    if (!caller.canChangeScope(account.getId(), null)) {
      throw new AccessDeniedException("You may look at this account but not change it.");
    }
    return caller;
  }

  /** The mail server of the account with this name; not found otherwise. */
  MailServer server(Account account, String name) {
    return accounts.serverByName(account.getId(), name);
  }

  /**
   * The scope a page works on: the account ({@code server} blank) or one of its mail servers. Must
   * be seen by the caller.
   */
  ScopeDetails scope(Account account, String server) {
    long scopeId =
        server == null || server.isBlank()
            ? accounts.accountScope(account.getId()).id()
            : accounts.serverScope(server(account, server).getId()).id();
    return accounts.describe(scopeId);
  }

  /** Who the audit trail names for a change the caller makes from this request. */
  static Actor actor(Caller caller, HttpServletRequest request) {
    return new Actor(caller.actorName(), request.getRemoteAddr(), CHANNEL);
  }

  private static NotFoundException notFound(String slug) {
    return new NotFoundException("account '" + slug + "' not found");
  }
}
