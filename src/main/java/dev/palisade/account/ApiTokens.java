package dev.palisade.account;

import dev.palisade.common.NotFoundException;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, checks, lists and revokes API tokens. A token's secret is returned once, by {@code
 * create}; only its SHA-256 hash is stored.
 *
 * <p>Methods taking a {@link Caller} enforce who may do what: operators (with write rights) manage
 * every token; an account token with write rights creates and revokes tokens of its own account,
 * never operator tokens, and a server-bound one only tokens bound to its own server; read-only
 * tokens create and revoke nothing. Tokens a caller may not see are reported as not found ({@link
 * NotFoundException}), so their existence is not revealed; a visible token the caller may not touch
 * gives {@link AccessDeniedException}. Methods without a caller trust theirs: they are for start-up
 * code and tests.
 *
 * <p>Thread-safe. Each public method is one transaction. The time a token was last used is kept in
 * memory and written by {@link #flushLastUsed()} at most about once a minute per token, so
 * authenticating a request does not write to the database; and a token found valid is trusted for a
 * few seconds without reading it again ({@link VerifiedTokens}, which also says why that is safe).
 */
@Service
public class ApiTokens {

  private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

  /** How generated secrets start, so they are recognisable (by people and secret scanners). */
  public static final String SECRET_PREFIX = "pal_";

  /** Shortest secret accepted, for secrets that were not generated (the bootstrap token). */
  public static final int MIN_SECRET_LENGTH = 32;

  static final int MAX_SECRET_LENGTH = 200;
  static final int MAX_NAME = 100;

  /** RFC 6750 §2.1 b64token: the characters a bearer token may consist of. */
  private static final Pattern BEARER_SYNTAX = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  /** A use is recorded only when the stored one is older than this. */
  static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private final ApiTokenRepository tokens;
  private final AccountRepository accounts;
  private final MailServerRepository servers;
  private final TransactionTemplate transaction;
  private final TransactionTemplate reading;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Token id to the latest use not yet written. */
  private final Map<Long, Instant> pendingUses = new ConcurrentHashMap<>();

  private final VerifiedTokens verified = new VerifiedTokens();

  ApiTokens(
      ApiTokenRepository tokens,
      AccountRepository accounts,
      MailServerRepository servers,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.servers = servers;
    this.transaction = new TransactionTemplate(transactions);
    this.reading = new TransactionTemplate(transactions);
    this.reading.setReadOnly(true);
    this.clock = clock;
  }

  /**
   * Creates a token on behalf of a caller, who must be allowed to (see the class comment).
   *
   * @return the stored token and its secret, which is not kept and cannot be shown again
   * @throws NotFoundException if the account or server is missing or not the caller's to see
   * @throws AccessDeniedException if the caller may not create such a token
   * @throws IllegalArgumentException if the request is invalid, e.g. has no name
   */
  @Transactional
  public CreatedToken create(Caller creator, NewToken request) {
    authorizeCreate(creator, request);
    return store(request, newSecret(), creator.actorName());
  }

  /**
   * Creates a token without checking anyone's rights: for start-up code and tests.
   *
   * @param createdBy who to record as the creator, e.g. {@code system:test}
   */
  @Transactional
  public CreatedToken create(NewToken request, String createdBy) {
    return store(request, newSecret(), createdBy);
  }

  /** Creates a token with a secret chosen elsewhere (the bootstrap token). */
  @Transactional
  CreatedToken create(NewToken request, String secret, String createdBy) {
    checkSecretSyntax(secret);
    return store(request, secret, createdBy);
  }

  /**
   * The caller a bearer secret authenticates: empty if the secret is unknown or its token revoked.
   * Notes the use for {@link #flushLastUsed()}. A token found valid within the last {@link
   * VerifiedTokens#VALID_FOR} is not read again, and then no transaction is begun.
   */
  public Optional<Caller> authenticate(String secret) {
    if (secret == null
        || secret.length() < MIN_SECRET_LENGTH
        || secret.length() > MAX_SECRET_LENGTH) {
      return Optional.empty();
    }
    String hash = hash(secret);
    long now = System.nanoTime();
    VerifiedTokens.Verified known = verified.get(hash, now);
    if (known != null) {
      Instant used = noteUse(known.tokenId(), known.lastUsedAt());
      if (used != known.lastUsedAt()) {
        verified.put(
            hash,
            new VerifiedTokens.Verified(
                known.caller(), known.tokenId(), used, known.checkedAtNanos()));
      }
      return Optional.of(known.caller());
    }
    // Found by its hash through the unique index: the hash of a 256-bit secret tells an attacker
    // timing the lookup nothing about the secret. The comparison is constant-time all the same.
    Optional<ApiToken> found =
        reading
            .execute(status -> tokens.findByTokenHash(hash))
            .filter(
                token ->
                    MessageDigest.isEqual(
                        token.getTokenHash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)))
            .filter(token -> !token.isRevoked());
    found.ifPresent(
        token -> {
          Instant used = noteUse(token.getId(), token.getLastUsedAt());
          verified.put(hash, new VerifiedTokens.Verified(token.caller(), token.getId(), used, now));
        });
    return found.map(ApiToken::caller);
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
  public void revoke(Caller caller, long id) {
    ApiToken token = token(caller, id);
    if (!caller.write()) {
      throw new AccessDeniedException("a read-only token cannot revoke tokens");
    }
    token.revoke(clock.instant());
    forgetChecksAfterCompletion();
  }

  /** Revokes a token without checking anyone's rights. */
  @Transactional
  public void revoke(long id) {
    tokens.findById(id).orElseThrow(() -> notFound(id)).revoke(clock.instant());
    forgetChecksAfterCompletion();
  }

  /**
   * Accounts and mail servers were created, changed or deleted; deleting one deletes its tokens, so
   * no token is trusted without reading it again.
   */
  @TransactionalEventListener
  void on(ScopesChanged change) {
    verified.clear();
  }

  /**
   * Forgets the verified tokens now and again when the transaction ends: a check that read the
   * token before the revocation committed must not stay trusted.
   */
  private void forgetChecksAfterCompletion() {
    verified.clear();
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            verified.clear();
          }
        });
  }

  /**
   * Writes the uses noted since the last flush, one update per token. Runs every ten seconds and at
   * shutdown; tests may call it to see {@link ApiToken#getLastUsedAt()} at once.
   */
  @Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
  @PreDestroy
  public void flushLastUsed() {
    if (pendingUses.isEmpty()) {
      return;
    }
    Map<Long, Instant> batch = new HashMap<>();
    for (Long id : pendingUses.keySet()) {
      // A use noted after this removal stays for the next flush.
      Instant at = pendingUses.remove(id);
      if (at != null) {
        batch.put(id, at);
      }
    }
    try {
      transaction.executeWithoutResult(status -> batch.forEach(tokens::recordUse));
    } catch (RuntimeException e) {
      // Losing a last-used time is harmless; failing a request or the scheduler is not.
      log.warn(
          "could not record when {} API tokens were last used: {}", batch.size(), e.toString());
    }
  }

  /** Whether any operator token exists, revoked or not. */
  @Transactional(readOnly = true)
  boolean anyOperatorToken() {
    return tokens.existsByOperatorTrue();
  }

  /** The token a secret belongs to, revoked or not. */
  @Transactional(readOnly = true)
  Optional<ApiToken> findBySecret(String secret) {
    return tokens.findByTokenHash(hash(secret));
  }

  /**
   * Whether a secret chosen elsewhere is acceptable: at least {@value #MIN_SECRET_LENGTH} and at
   * most {@value #MAX_SECRET_LENGTH} characters a bearer token may hold. The message never repeats
   * the secret.
   */
  static void checkSecretSyntax(String secret) {
    if (secret == null
        || secret.length() < MIN_SECRET_LENGTH
        || secret.length() > MAX_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "a token secret needs "
              + MIN_SECRET_LENGTH
              + " to "
              + MAX_SECRET_LENGTH
              + " characters, this one has "
              + (secret == null ? 0 : secret.length()));
    }
    if (!BEARER_SYNTAX.matcher(secret).matches()) {
      throw new IllegalArgumentException(
          "a token secret may contain only letters, digits and - . _ ~ + / (and = at the end)");
    }
  }

  static String hash(String secret) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** {@code pal_} and 256 random bits as 43 base64url characters. */
  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Enough of the secret to tell tokens apart: 8 characters after {@code pal_}, else 8. */
  private static String displayPrefix(String secret) {
    int length = secret.startsWith(SECRET_PREFIX) ? SECRET_PREFIX.length() + 8 : 8;
    return secret.substring(0, length);
  }

  private CreatedToken store(NewToken request, String secret, String createdBy) {
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a token needs a name");
    }
    if (name.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "a token name has at most " + MAX_NAME + " characters, this one has " + name.length());
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
    ApiToken token =
        tokens.save(
            new ApiToken(
                name,
                hash(secret),
                displayPrefix(secret),
                request.operator(),
                request.accountId(),
                request.serverId(),
                request.write(),
                clock.instant(),
                createdBy));
    return new CreatedToken(secret, token);
  }

  private static void authorizeCreate(Caller creator, NewToken request) {
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

  private static boolean canSee(Caller caller, ApiToken token) {
    if (caller.operator()) {
      return true;
    }
    if (token.isOperator() || !token.getAccountId().equals(caller.accountId())) {
      return false;
    }
    return caller.serverId() == null || caller.serverId().equals(token.getMailServerId());
  }

  /** Notes a use unless the last one is recent; returns the last use as it now stands. */
  private Instant noteUse(long tokenId, Instant last) {
    Instant now = clock.instant();
    if (last == null || last.isBefore(now.minus(LAST_USED_PRECISION))) {
      pendingUses.merge(tokenId, now, (a, b) -> a.isAfter(b) ? a : b);
      return now;
    }
    return last;
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("token " + id + " not found");
  }
}
