package dev.palisade.account;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.ConflictException;
import dev.palisade.common.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists and revokes API tokens. A token's secret is returned once, by {@code create}; only
 * its hash is stored ({@link TokenSecrets}). Checking the secret a request presents is {@link
 * TokenAuthentication}'s job.
 *
 * <p>Methods taking a {@link Caller} enforce who may do what: operators (with write rights) manage
 * every token; an account token with write rights creates and revokes tokens of its own account,
 * never operator tokens, and a server-bound one only tokens bound to its own server; read-only
 * tokens create and revoke nothing. Tokens a caller may not see are reported as not found ({@link
 * NotFoundException}), so their existence is not revealed; a visible token the caller may not touch
 * gives {@link AccessDeniedException}. Methods without a caller trust theirs: they are for start-up
 * code and tests.
 *
 * <p>A token's name is unique among the tokens of its account, revoked ones included (they stay
 * listed, and the audit trail names them), and among operator tokens: a second token of the same
 * name is refused with {@link ConflictException}. A token may be given a time at which it stops
 * authenticating by itself; that time must lie ahead.
 *
 * <p>Creating and revoking a token is written to the audit trail, in the same transaction, under
 * the token's account (none for operator tokens), as object type {@code TOKEN}.
 *
 * <p>Thread-safe. Each public method is one transaction.
 */
@Service
public class ApiTokens {

  static final int MAX_NAME = 100;

  private final ApiTokenRepository tokens;
  private final AccountRepository accounts;
  private final MailServerRepository servers;
  private final TokenAuthentication authentication;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ApiTokens(
      ApiTokenRepository tokens,
      AccountRepository accounts,
      MailServerRepository servers,
      TokenAuthentication authentication,
      AuditLog audit,
      Clock clock) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.servers = servers;
    this.authentication = authentication;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Creates a token on behalf of a caller, who must be allowed to (see the class comment).
   *
   * @return the stored token and its secret, which is not kept and cannot be shown again
   * @throws NotFoundException if the account or server is missing or not the caller's to see
   * @throws AccessDeniedException if the caller may not create such a token
   * @throws IllegalArgumentException if the request is invalid, e.g. has no name or an expiry in
   *     the past
   * @throws ConflictException if the account (or the operators) already has a token of that name
   */
  @Transactional
  public CreatedToken create(Caller creator, NewToken request, Actor actor) {
    authorizeCreate(creator, request);
    return store(request, TokenSecrets.generate(random), actor);
  }

  /**
   * Creates a token without checking anyone's rights: for start-up code and tests.
   *
   * @param createdBy who to record as the creator, e.g. {@code system:test}
   */
  @Transactional
  public CreatedToken create(NewToken request, String createdBy) {
    return store(request, TokenSecrets.generate(random), system(createdBy));
  }

  /**
   * Creates a token without checking anyone's rights that stops authenticating at {@code
   * expiresAt}: for a generated secret that went through the log.
   */
  @Transactional
  CreatedToken create(NewToken request, String createdBy, Instant expiresAt) {
    return store(request.expiringAt(expiresAt), TokenSecrets.generate(random), system(createdBy));
  }

  /** Creates a token with a secret chosen elsewhere (the bootstrap token). */
  @Transactional
  CreatedToken create(NewToken request, String secret, String createdBy) {
    TokenSecrets.checkSyntax(secret);
    return store(request, secret, system(createdBy));
  }

  /**
   * A token the caller may see.
   *
   * @throws NotFoundException if there is none or it is not the caller's to see
   */
  @Transactional(readOnly = true)
  public ApiToken token(Caller caller, long id) {
    return tokens
        .findById(id)
        .filter(token -> canSee(caller, token))
        .orElseThrow(() -> notFound(id));
  }

  /**
   * Every token the caller may see, revoked ones included, by id: all tokens for an operator, the
   * account's for an account token, the server's for a server-bound token.
   */
  @Transactional(readOnly = true)
  public List<ApiToken> visibleTo(Caller caller) {
    if (caller.operator()) {
      return tokens.findAllByOrderById();
    }
    if (caller.serverId() != null) {
      return tokens.findByAccountIdAndMailServerIdOrderById(caller.accountId(), caller.serverId());
    }
    return tokens.findByAccountIdOrderById(caller.accountId());
  }

  /** Every token of an account, revoked ones included, by id. */
  @Transactional(readOnly = true)
  public List<ApiToken> list(long accountId) {
    return tokens.findByAccountIdOrderById(accountId);
  }

  /** Every token, operator tokens included, by id. */
  @Transactional(readOnly = true)
  public List<ApiToken> listAll() {
    return tokens.findAllByOrderById();
  }

  /**
   * Revokes a token on behalf of a caller: from now on it authenticates nothing. Revoking a revoked
   * token changes nothing. A caller may revoke itself.
   *
   * @throws NotFoundException if there is no such token or it is not the caller's to see
   * @throws AccessDeniedException if the caller has no write rights
   */
  @Transactional
  public void revoke(Caller caller, long id, Actor actor) {
    ApiToken token = token(caller, id);
    if (!caller.write()) {
      throw new AccessDeniedException("a read-only token cannot revoke tokens");
    }
    revoke(token, actor);
  }

  /** Revokes a token without checking anyone's rights. */
  @Transactional
  public void revoke(long id) {
    revoke(tokens.findById(id).orElseThrow(() -> notFound(id)), Actor.system("revoke"));
  }

  private void revoke(ApiToken token, Actor actor) {
    if (token.isRevoked()) {
      return;
    }
    token.revoke(clock.instant());
    record(token, "REVOKE", actor);
    authentication.forgetChecksAfterCompletion();
  }

  /** Whether any operator token exists, revoked or not. */
  @Transactional(readOnly = true)
  boolean anyOperatorToken() {
    return tokens.existsByOperatorTrue();
  }

  /** The token a secret belongs to, revoked or not. */
  @Transactional(readOnly = true)
  Optional<ApiToken> findBySecret(String secret) {
    return tokens.findByTokenHash(TokenSecrets.hash(secret));
  }

  /**
   * The name itself when no token of the account (or no operator token, for {@code accountId} null)
   * bears it, else the first of {@code name 2}, {@code name 3}, … that is free.
   */
  @Transactional(readOnly = true)
  String freeName(Long accountId, String name) {
    String candidate = name;
    for (int n = 2; taken(accountId, candidate); n++) {
      candidate = name + " " + n;
    }
    return candidate;
  }

  private boolean taken(Long accountId, String name) {
    return accountId == null
        ? tokens.existsByOperatorTrueAndName(name)
        : tokens.existsByAccountIdAndName(accountId, name);
  }

  private CreatedToken store(NewToken request, String secret, Actor actor) {
    String name = DisplayNames.check("a token name", request.name(), MAX_NAME);
    if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
      throw new IllegalArgumentException("the expiry must lie in the future");
    }
    if (request.operator()) {
      if (request.accountId() != null || request.serverId() != null) {
        throw new IllegalArgumentException(
            "an operator token manages every account and cannot belong to one");
      }
    } else {
      if (request.accountId() == null) {
        throw new IllegalArgumentException(
            "a token that is not an operator token needs an account");
      }
      if (!accounts.existsById(request.accountId())) {
        throw new NotFoundException("account " + request.accountId() + " not found");
      }
      if (request.serverId() != null
          && servers
              .findById(request.serverId())
              .filter(server -> server.getAccountId().equals(request.accountId()))
              .isEmpty()) {
        throw new NotFoundException("mail server " + request.serverId() + " not found");
      }
    }
    if (taken(request.operator() ? null : request.accountId(), name)) {
      // Names tell tokens apart in the list and in the audit trail; the database holds the
      // account's names unique too (V22), this says so in words.
      throw new ConflictException(
          (request.operator() ? "an operator token" : "a token of this account")
              + " is already named '"
              + name
              + "' (revoked tokens keep their names); choose another name");
    }
    ApiToken token =
        tokens.save(
            new ApiToken(
                name,
                TokenSecrets.hash(secret),
                TokenSecrets.displayPrefix(secret),
                request.operator(),
                request.accountId(),
                request.serverId(),
                request.write(),
                clock.instant(),
                actor.name()));
    if (request.expiresAt() != null) {
      token.expireAt(request.expiresAt());
    }
    record(token, "CREATE", actor);
    return new CreatedToken(secret, token);
  }

  /** Writes a change of a token to the audit trail of its account. */
  private void record(ApiToken token, String action, Actor actor) {
    String of;
    if (token.isOperator()) {
      of = "operator token '" + token.getName() + "'";
    } else {
      String slug = accounts.findById(token.getAccountId()).map(Account::getSlug).orElse("?");
      String server =
          token.getMailServerId() == null
              ? ""
              : "/"
                  + servers.findById(token.getMailServerId()).map(MailServer::getName).orElse("?");
      of = "token '" + token.getName() + "' of " + slug + server;
    }
    audit.record(
        AuditRecord.of(
            clock.instant(),
            token.getAccountId(),
            actor,
            action,
            "TOKEN",
            token.getId(),
            of + (token.isWrite() ? " (read and write)" : " (read only)")));
  }

  /** The actor of a change made without a caller: start-up code, tests. */
  private static Actor system(String name) {
    return new Actor(name, null, "system");
  }

  /**
   * Throws unless the creator may create such a token: {@link NotFoundException} for an account or
   * server it cannot see, {@link AccessDeniedException} for what it sees but may not do.
   */
  static void authorizeCreate(Caller creator, NewToken request) {
    if (request.operator() && !creator.operator()) {
      throw new AccessDeniedException("only an operator token can create operator tokens");
    }
    if (!creator.operator()) {
      // What the caller cannot see does not exist for it: not found, not forbidden.
      if (request.accountId() != null && !creator.canSeeAccount(request.accountId())) {
        throw new NotFoundException("account " + request.accountId() + " not found");
      }
      if (creator.serverId() != null) {
        if (request.serverId() != null && !creator.serverId().equals(request.serverId())) {
          throw new NotFoundException("mail server " + request.serverId() + " not found");
        }
        if (request.serverId() == null) {
          // An account-wide token would see more than its creator: no way to widen one's rights.
          throw new AccessDeniedException(
              "a token bound to a mail server can only create tokens bound to the same server");
        }
      }
    }
    if (!creator.write()) {
      throw new AccessDeniedException("a read-only token cannot create tokens");
    }
  }

  /** Whether the caller may see the token: its own account's, or its own server's when bound. */
  static boolean canSee(Caller caller, ApiToken token) {
    if (caller.operator()) {
      return true;
    }
    if (token.isOperator() || !token.getAccountId().equals(caller.accountId())) {
      return false;
    }
    return caller.serverId() == null || caller.serverId().equals(token.getMailServerId());
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("token " + id + " not found");
  }
}
