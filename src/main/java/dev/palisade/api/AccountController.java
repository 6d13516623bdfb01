package dev.palisade.api;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.LabelOverlaps;
import dev.palisade.account.MailServer;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsLookup;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.listing.EntryGuard;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts and their mail servers. Operators create and delete accounts; an account's write token
 * manages its servers and zone labels; everyone sees only what their token covers.
 */
@RestController
@RequestMapping("/api/v1/accounts")
class AccountController {

  private final Accounts accounts;
  private final ScopeAccess access;
  private final DnsLookup dns;
  private final LabelOverlaps overlaps;
  private final EntryGuard guard;

  AccountController(
      Accounts accounts,
      ScopeAccess access,
      DnsLookup dns,
      LabelOverlaps overlaps,
      EntryGuard guard) {
    this.guard = guard;
    this.accounts = accounts;
    this.access = access;
    this.dns = dns;
    this.overlaps = overlaps;
  }

  @GetMapping
  List<AccountResponse> list(@AuthenticationPrincipal Caller caller) {
    return accounts.allAccounts().stream()
        .filter(a -> caller.canSeeAccount(a.getId()))
        .map(a -> response(caller, a))
        .toList();
  }

  @PostMapping
  ResponseEntity<AccountResponse> create(
      @AuthenticationPrincipal Caller caller,
      @RequestBody AccountRequest body,
      HttpServletRequest request) {
    requireOperator(caller);
    Account account =
        accounts.createAccount(body.slug(), body.name(), ClientAddress.actor(caller, request));
    return ResponseEntity.created(URI.create("/api/v1/accounts/" + account.getSlug()))
        .body(response(caller, account));
  }

  @GetMapping("/{account}")
  AccountResponse get(@AuthenticationPrincipal Caller caller, @PathVariable String account) {
    return response(caller, access.account(caller, account));
  }

  @PatchMapping("/{account}")
  AccountResponse rename(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @RequestBody AccountRequest body,
      HttpServletRequest request) {
    Account found = access.account(caller, account);
    requireOperator(caller);
    if (body.slug() != null && !body.slug().equalsIgnoreCase(found.getSlug())) {
      throw InvalidRequestException.field("slug", "an account's slug cannot be changed");
    }
    return response(
        caller,
        accounts.renameAccount(found.getId(), body.name(), ClientAddress.actor(caller, request)));
  }

  @DeleteMapping("/{account}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      HttpServletRequest request) {
    Account found = access.account(caller, account);
    requireOperator(caller);
    accounts.deleteAccount(found.getId(), ClientAddress.actor(caller, request));
  }

  /**
   * Gives the account scope or a server's scope a new zone label: the body's {@code label}, or a
   * random one nobody can guess when it is omitted. An account's tokens choose labels of its own
   * namespace ({@code <slug>} and {@code <slug>-…}), operators any free label. The old label stays
   * reserved to the account and keeps answering as before for the body's {@code overlap} seconds
   * (default {@code palisade.labels.overlap}; 0: it stops at once), listed in {@code formerLabels}.
   */
  @PostMapping({"/{account}/zone-label", "/{account}/servers/{server}/zone-label"})
  ScopeResponse relabel(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @RequestBody(required = false) LabelRequest body,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    requireAccountWide(caller);
    Long overlap = body == null ? null : body.overlap();
    if (overlap != null && overlap < 0) {
      throw InvalidRequestException.field(
          "overlap", "overlap must be 0 (stop at once) or more seconds, not " + overlap);
    }
    accounts.changeLabel(
        scope.scopeId(),
        body == null ? null : body.label(),
        overlap == null ? null : Duration.ofSeconds(overlap),
        caller,
        ClientAddress.actor(caller, request));
    return scope(accounts.describe(scope.scopeId()));
  }

  /**
   * Ends the overlap of an old zone label now: it answers NXDOMAIN from then on and stays reserved
   * to the account. 404 when it does not answer for these zones.
   */
  @DeleteMapping({
    "/{account}/former-labels/{label}",
    "/{account}/servers/{server}/former-labels/{label}"
  })
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void endOverlap(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable(required = false) String server,
      @PathVariable String label,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    requireAccountWide(caller);
    overlaps.end(scope.scopeId(), label, ClientAddress.actor(caller, request));
  }

  @GetMapping("/{account}/servers")
  List<ServerResponse> servers(
      @AuthenticationPrincipal Caller caller, @PathVariable String account) {
    Account found = access.account(caller, account);
    return accounts.servers(found.getId()).stream()
        .filter(s -> caller.canSeeScope(found.getId(), s.getId()))
        .map(this::server)
        .toList();
  }

  @PostMapping("/{account}/servers")
  ResponseEntity<ServerResponse> createServer(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @RequestBody ServerRequest body,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, null, true);
    MailServer server =
        accounts.createServer(scope.accountId(), body.name(), ClientAddress.actor(caller, request));
    return ResponseEntity.created(
            URI.create("/api/v1/accounts/" + scope.accountSlug() + "/servers/" + server.getName()))
        .body(server(server));
  }

  @GetMapping("/{account}/servers/{server}")
  ServerResponse server(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable String server) {
    ScopeDetails scope = access.scope(caller, account, server, false);
    return server(accounts.server(scope.serverId()));
  }

  @PatchMapping("/{account}/servers/{server}")
  ServerResponse renameServer(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable String server,
      @RequestBody ServerRequest body,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    requireAccountWide(caller);
    return server(
        accounts.renameServer(scope.serverId(), body.name(), ClientAddress.actor(caller, request)));
  }

  /**
   * Sets a mail server's own addresses ({@code {"ownAddresses": ["192.0.2.25", "2001:db8::/64"]}};
   * an empty list removes them), which no entry may block for it: 409 naming the block entries that
   * cover one of them now. Entries that would block them later are refused with 400.
   */
  @PutMapping("/{account}/servers/{server}/own-addresses")
  ServerResponse ownAddresses(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable String server,
      @RequestBody OwnAddressesRequest body,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    requireAccountWide(caller);
    if (body == null || body.ownAddresses() == null) {
      throw InvalidRequestException.field(
          "ownAddresses", "ownAddresses is missing; send [] to remove them");
    }
    return server(
        guard.setOwnAddresses(
            scope.serverId(),
            String.join(",", body.ownAddresses()),
            ClientAddress.actor(caller, request)));
  }

  @DeleteMapping("/{account}/servers/{server}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteServer(
      @AuthenticationPrincipal Caller caller,
      @PathVariable String account,
      @PathVariable String server,
      HttpServletRequest request) {
    ScopeDetails scope = access.scope(caller, account, server, true);
    requireAccountWide(caller);
    accounts.deleteServer(scope.serverId(), ClientAddress.actor(caller, request));
  }

  private AccountResponse response(Caller caller, Account account) {
    ScopeDetails scope = accounts.describe(accounts.accountScope(account.getId()).id());
    List<ServerResponse> servers =
        accounts.servers(account.getId()).stream()
            .filter(s -> caller.canSeeScope(account.getId(), s.getId()))
            .map(this::server)
            .toList();
    // A token bound to one server sees that server's zones only: the account's label may be a
    // secret (a random label) that the server's own token was never given.
    ScopeResponse accountScope = caller.serverId() == null ? scope(scope) : null;
    return new AccountResponse(
        account.getSlug(), account.getName(), account.getCreatedAt(), accountScope, servers);
  }

  private ServerResponse server(MailServer server) {
    ScopeDetails scope = accounts.describe(accounts.serverScope(server.getId()).id());
    return new ServerResponse(
        server.getName(),
        server.getCreatedAt(),
        scope(scope),
        server.getOwnAddresses() == null ? List.of() : server.getOwnAddresses().canonical());
  }

  private ScopeResponse scope(ScopeDetails scope) {
    Map<String, String> zones = new LinkedHashMap<>();
    for (ListZone list : ListZone.values()) {
      zones.put(list.label(), dns.zoneName(scope.label(), list));
    }
    List<FormerLabel> former =
        overlaps.of(scope.scopeId()).stream()
            .map(label -> new FormerLabel(label.getZoneLabel(), label.getAnswersUntil()))
            .toList();
    return new ScopeResponse(scope.label(), zones, former);
  }

  private static void requireOperator(Caller caller) {
    if (!caller.operator()) {
      throw new AccessDeniedException("only operator tokens manage accounts");
    }
    if (!caller.write()) {
      throw new AccessDeniedException("a read-only operator token cannot change accounts");
    }
  }

  private static void requireAccountWide(Caller caller) {
    if (!caller.operator() && caller.serverId() != null) {
      throw new AccessDeniedException("a token bound to one mail server cannot manage servers");
    }
  }

  /** Body of account creation and renaming. */
  record AccountRequest(String slug, String name) {}

  /** Body of mail server creation and renaming. */
  record ServerRequest(String name) {}

  /** Body of a zone label change; a null label asks for a random one. */
  /**
   * A new zone label.
   *
   * @param label the label; null for a random one
   * @param overlap seconds the old label keeps answering; null for {@code palisade.labels.overlap}
   */
  record LabelRequest(String label, Long overlap) {}

  /**
   * An account with its zones and visible servers.
   *
   * @param scope the account-wide zones; null for a token bound to one mail server
   */
  record AccountResponse(
      String slug,
      String name,
      java.time.Instant createdAt,
      ScopeResponse scope,
      List<ServerResponse> servers) {}

  /** A mail server with its zones. */
  /**
   * A mail server.
   *
   * @param ownAddresses the addresses no entry may block for it
   */
  record ServerResponse(
      String name, java.time.Instant createdAt, ScopeResponse scope, List<String> ownAddresses) {}

  /** A mail server's own addresses, each an address or network. */
  record OwnAddressesRequest(List<String> ownAddresses) {}

  /**
   * A scope's zone label and the names of its four zones.
   *
   * @param zones {@code bl}, {@code wl}, {@code dbl}, {@code dwl} → zone name
   * @param formerLabels old labels still answering, in their overlap
   */
  record ScopeResponse(
      String zoneLabel, Map<String, String> zones, List<FormerLabel> formerLabels) {}

  /** An old zone label that answers as the current one until {@code answersUntil}. */
  record FormerLabel(String zoneLabel, java.time.Instant answersUntil) {}
}
