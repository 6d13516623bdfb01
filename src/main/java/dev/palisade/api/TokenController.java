package dev.palisade.api;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiToken;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.Caller;
import dev.palisade.account.CreatedToken;
import dev.palisade.account.MailServer;
import dev.palisade.account.NewToken;
import dev.palisade.common.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
 * API tokens: create one (its secret is in the response and nowhere else, ever), list and read them
 * (never with secrets), revoke one. Who may do what is decided by {@link ApiTokens}; tokens,
 * accounts and servers the caller cannot see are answered 404.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

  private final ApiTokens tokens;
  private final Accounts accounts;

  TokenController(ApiTokens tokens, Accounts accounts) {
    this.tokens = tokens;
    this.accounts = accounts;
  }

  /**
   * A token to create.
   *
   * @param name how people recognise the token
   * @param account slug of the account the token belongs to; omitted for operator tokens, and by
   *     account tokens creating a token of their own account
   * @param server name of the one mail server of that account the token is limited to; optional
   * @param operator whether the token manages every account (only operators create these); default
   *     false
   * @param write whether the token may change what it sees; default false
   * @param expiresAt when the token stops authenticating by itself, e.g. {@code
   *     2027-01-31T00:00:00Z}; must lie ahead; omitted: never
   */
  record CreateTokenRequest(
      @NotBlank @Size(max = 100) String name,
      String account,
      String server,
      Boolean operator,
      Boolean write,
      Instant expiresAt) {

    boolean isOperator() {
      return Boolean.TRUE.equals(operator);
    }

    boolean isWrite() {
      return Boolean.TRUE.equals(write);
    }
  }

  /**
   * A token as listed: never its secret, only the first characters of it as {@code prefix}.
   *
   * @param account slug of its account; null for operator tokens
   * @param server name of the one mail server it is limited to; null otherwise
   * @param lastUsedAt when it last authenticated a request, to within about a minute
   * @param revokedAt when it was revoked; null while it is valid
   * @param expiresAt when it stops authenticating by itself; null if never
   */
  record TokenResponse(
      long id,
      String name,
      String prefix,
      boolean operator,
      String account,
      String server,
      boolean write,
      Instant createdAt,
      String createdBy,
      Instant lastUsedAt,
      Instant revokedAt,
      Instant expiresAt) {}

  /**
   * A token just created.
   *
   * @param secret the bearer secret: shown now and never again
   */
  record CreatedTokenResponse(String secret, TokenResponse token) {}

  @PostMapping
  ResponseEntity<CreatedTokenResponse> create(
      @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody CreateTokenRequest request,
      HttpServletRequest http) {
    NewToken wanted = resolve(caller, request).expiringAt(request.expiresAt());
    CreatedToken created = tokens.create(caller, wanted, ClientAddress.actor(caller, http));
    TokenResponse token = new Names().response(created.token());
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + token.id()))
        .body(new CreatedTokenResponse(created.secret(), token));
  }

  @GetMapping
  List<TokenResponse> list(@AuthenticationPrincipal Caller caller) {
    Names names = new Names();
    return tokens.visibleTo(caller).stream().map(names::response).toList();
  }

  @GetMapping("/{id}")
  TokenResponse get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return new Names().response(tokens.token(caller, id));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(
      @AuthenticationPrincipal Caller caller, @PathVariable long id, HttpServletRequest http) {
    tokens.revoke(caller, id, ClientAddress.actor(caller, http));
  }

  /** Turns the names in a request into ids, as the caller sees them. */
  private NewToken resolve(Caller caller, CreateTokenRequest request) {
    String slug = blankToNull(request.account());
    String serverName = blankToNull(request.server());
    if (request.isOperator()) {
      if (slug != null) {
        throw InvalidRequestException.field("account", "must be empty for an operator token");
      }
      if (serverName != null) {
        throw InvalidRequestException.field("server", "must be empty for an operator token");
      }
      return NewToken.operator(request.name(), request.isWrite());
    }
    long accountId;
    if (slug != null) {
      accountId = visibleAccount(caller, slug).getId();
    } else if (!caller.operator()) {
      accountId = caller.accountId();
    } else {
      throw InvalidRequestException.field(
          "account", "is required for a token that is not an operator token");
    }
    Long serverId = null;
    if (serverName != null) {
      MailServer server = accounts.serverByName(accountId, serverName);
      if (!caller.canSeeScope(accountId, server.getId())) {
        throw new NotFoundException("mail server '" + serverName + "' not found");
      }
      serverId = server.getId();
    }
    return new NewToken(request.name(), false, accountId, serverId, request.isWrite());
  }

  /** The account, if the caller may see it; otherwise the same 404 as for no account at all. */
  private Account visibleAccount(Caller caller, String slug) {
    Account account = accounts.accountBySlug(slug);
    if (!caller.canSeeAccount(account.getId())) {
      throw new NotFoundException("account '" + slug + "' not found");
    }
    return account;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Account slugs and server names of the tokens of one response, each looked up once. */
  private final class Names {
    private final Map<Long, String> slugs = new HashMap<>();
    private final Map<Long, String> servers = new HashMap<>();

    TokenResponse response(ApiToken token) {
      Long accountId = token.getAccountId();
      String slug =
          accountId == null
              ? null
              : slugs.computeIfAbsent(accountId, id -> accounts.account(id).getSlug());
      String server = null;
      if (token.getMailServerId() != null) {
        if (!servers.containsKey(token.getMailServerId())) {
          accounts.servers(accountId).forEach(each -> servers.put(each.getId(), each.getName()));
        }
        server = servers.get(token.getMailServerId());
      }
      return new TokenResponse(
          token.getId(),
          token.getName(),
          token.getPrefix(),
          token.isOperator(),
          slug,
          server,
          token.isWrite(),
          token.getCreatedAt(),
          token.getCreatedBy(),
          token.getLastUsedAt(),
          token.getRevokedAt(),
          token.getExpiresAt());
    }
  }
}
