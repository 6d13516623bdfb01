package dev.palisade.api;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.Feed;
import dev.palisade.imports.Feeds;
import dev.palisade.imports.ImportFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feeds of an account and its mail servers ({@link Feeds}): {@code GET .../feeds} lists them with
 * their file, last check, last change, entry count and problem, for anyone who sees the account;
 * operators add one ({@code POST .../feeds} or {@code .../servers/{server}/feeds} with {@code
 * {"list":"block","format":"ip4set","path":"dnswl/list.txt"}}), check one now ({@code POST
 * .../feeds/{id}/check}) and remove one with its entries ({@code DELETE .../feeds/{id}}): a feed
 * reads a file of the server, so only who runs the server decides which.
 */
@RestController
@RequestMapping("/api/v1/accounts/{account}")
class FeedController {

  private final ScopeAccess access;
  private final Accounts accounts;
  private final Feeds feeds;

  FeedController(ScopeAccess access, Accounts accounts, Feeds feeds) {
    this.access = access;
    this.accounts = accounts;
    this.feeds = feeds;
  }

  /** Body of a new feed. */
  record FeedRequest(String list, String format, String path) {}

  /** A feed as the API shows it; {@code server} is null for the account's own lists. */
  record FeedResponse(
      long id,
      String server,
      String list,
      String format,
      String path,
      Instant checkedAt,
      Instant changedAt,
      long entries,
      String error,
      String createdBy,
      Instant createdAt) {}

  @GetMapping("/feeds")
  List<FeedResponse> list(@AuthenticationPrincipal Caller caller, @PathVariable String account) {
    Account found = access.account(caller, account);
    Map<Long, String> servers = visibleScopes(caller, found);
    List<FeedResponse> shown = new ArrayList<>();
    for (Feed feed : feeds.ofScopes(new ArrayList<>(servers.keySet()))) {
      shown.add(response(feed, servers.get(feed.scopeId())));
    }
    return shown;
  }

  @PostMapping({"/feeds", "/servers/{server}/feeds"})
  @ResponseStatus(HttpStatus.CREATED)
  FeedResponse add(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestBody FeedRequest request,
      HttpServletRequest http) {
    requireOperator(caller);
    ScopeDetails scope = access.scope(caller, account, server, true);
    ListKind list;
    ImportFormat format;
    try {
      list = EntryRequests.kind(request.list());
      format = ImportFormat.fromName(request.format() == null ? "" : request.format());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage(), List.of());
    }
    Feed feed =
        feeds.add(scope.scopeId(), list, format, request.path(), ClientAddress.actor(caller, http));
    return response(feed, server);
  }

  @PostMapping("/feeds/{id}/check")
  FeedResponse check(
      @AuthenticationPrincipal Caller caller, @PathVariable String account, @PathVariable long id) {
    requireOperator(caller);
    String server = owned(caller, account, id);
    return response(feeds.check(id), server);
  }

  @DeleteMapping("/feeds/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable long id,
      HttpServletRequest http) {
    requireOperator(caller);
    owned(caller, account, id);
    feeds.remove(id, ClientAddress.actor(caller, http));
  }

  /**
   * The feed's server name (null: the account's own), or not found when it is not the account's.
   */
  private String owned(Caller caller, String account, long id) {
    Account found = access.account(caller, account);
    Map<Long, String> scopes = visibleScopes(caller, found);
    Feed feed = feeds.feed(id);
    if (!scopes.containsKey(feed.scopeId())) {
      throw new NotFoundException("feed " + id + " not found");
    }
    return scopes.get(feed.scopeId());
  }

  /** The account's scopes the caller sees, to their server name (null for the account's own). */
  private Map<Long, String> visibleScopes(Caller caller, Account account) {
    Map<Long, String> scopes = new HashMap<>();
    if (caller.canSeeScope(account.getId(), null)) {
      scopes.put(accounts.accountScope(account.getId()).id(), null);
    }
    for (MailServer server : accounts.servers(account.getId())) {
      if (caller.canSeeScope(account.getId(), server.getId())) {
        scopes.put(accounts.serverScope(server.getId()).id(), server.getName());
      }
    }
    return scopes;
  }

  private static FeedResponse response(Feed feed, String server) {
    return new FeedResponse(
        feed.id(),
        server,
        feed.list().name().toLowerCase(Locale.ROOT),
        feed.format().formatName(),
        feed.path(),
        feed.checkedAt(),
        feed.changedAt(),
        feed.entryCount(),
        feed.error(),
        feed.createdBy(),
        feed.createdAt());
  }

  private static void requireOperator(Caller caller) {
    if (!caller.operator() || !caller.write()) {
      throw new AccessDeniedException(
          "only operators manage feeds: a feed reads a file of the server");
    }
  }
}
