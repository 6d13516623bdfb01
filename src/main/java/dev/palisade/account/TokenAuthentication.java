package dev.palisade.account;

import dev.palisade.common.DatabaseStatus;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the bearer secret of one request into the {@link Caller} its API token authenticates, and
 * notes when each token was last used. {@link ApiTokens} creates and revokes the tokens.
 *
 * <p>Thread-safe. Authenticating a request does not write to the database: the time a token was
 * last used is kept in memory and written by {@link #flushLastUsed()}, at most about once a minute
 * per token. A token found valid is trusted for a few seconds without reading it again ({@link
 * VerifiedTokens}, which also says why that is safe); revoking a token, or a change to the accounts
 * and mail servers, forgets every such check.
 */
@Service
public class TokenAuthentication {

  private static final Logger log = LoggerFactory.getLogger(TokenAuthentication.class);

  /** A use is recorded only when the stored one is older than this. */
  static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private final ApiTokenRepository tokens;
  private final TransactionTemplate transaction;
  private final TransactionTemplate reading;
  private final Clock clock;
  private final DatabaseStatus database;

  /** Token id to the latest use not yet written. */
  private final Map<Long, Instant> pendingUses = new ConcurrentHashMap<>();

  private final VerifiedTokens verified = new VerifiedTokens();

  TokenAuthentication(
      ApiTokenRepository tokens,
      PlatformTransactionManager transactions,
      Clock clock,
      DatabaseStatus database) {
    this.tokens = tokens;
    this.transaction = new TransactionTemplate(transactions);
    this.reading = new TransactionTemplate(transactions);
    this.reading.setReadOnly(true);
    this.clock = clock;
    this.database = database;
  }

  /**
   * The caller a bearer secret authenticates: empty if the secret is unknown or its token revoked
   * or expired (an expiry is noticed when the token is next read, within {@link
   * VerifiedTokens#VALID_FOR}). Notes the use for {@link #flushLastUsed()}. A token found valid
   * within the last {@link VerifiedTokens#VALID_FOR} is not read again, and then no transaction is
   * begun.
   */
  public Optional<Caller> authenticate(String secret) {
    if (!TokenSecrets.plausible(secret)) {
      return Optional.empty();
    }
    String hash = TokenSecrets.hash(secret);
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
            .filter(token -> TokenSecrets.sameHash(token.getTokenHash(), hash))
            .filter(token -> !token.isRevoked() && !token.isExpiredAt(clock.instant()));
    found.ifPresent(
        token -> {
          Instant used = noteUse(token.getId(), token.getLastUsedAt());
          verified.put(hash, new VerifiedTokens.Verified(token.caller(), token.getId(), used, now));
        });
    return found.map(ApiToken::caller);
  }

  /**
   * Writes the uses noted since the last flush, one update per token. Runs every ten seconds and at
   * shutdown; tests may call it to see {@link ApiToken#getLastUsedAt()} at once.
   */
  @Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
  @PreDestroy
  public void flushLastUsed() {
    if (pendingUses.isEmpty() || !database.reachable()) {
      return; // while the database is away, the uses wait for the next flush
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
      // Losing a last-used time is harmless; failing a request or the scheduler is not. An outage
      // is logged once, by DatabaseStatus.
      if (!database.explains(e)) {
        log.warn(
            "could not record when {} API tokens were last used: {}", batch.size(), e.toString());
      }
    }
  }

  /**
   * A token is being revoked in the current transaction: forgets the verified tokens now and again
   * when the transaction ends, since a check that read the token before the revocation committed
   * must not stay trusted.
   */
  void forgetChecksAfterCompletion() {
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
   * Accounts and mail servers were created, changed or deleted; deleting one deletes its tokens, so
   * no token is trusted without reading it again.
   */
  @TransactionalEventListener
  void on(ScopesChanged change) {
    verified.clear();
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
}
