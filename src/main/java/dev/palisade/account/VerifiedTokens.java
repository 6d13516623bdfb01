package dev.palisade.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens found valid recently, by the hash of their secret, so that a client sending request after
 * request is not looked up in the database for each one: the lookup is a transaction of its own,
 * and on a busy host its round trips are a good part of what a small write costs.
 *
 * <p>Keeping the result of a check is safe because of what a secret is: 256 random bits (at least
 * 32 characters for a chosen one), so nothing about a secret can be learned or guessed from the
 * cache, which holds hashes of secrets that were presented and valid anyway. What it changes is
 * when a revocation takes effect: {@link TokenAuthentication} forgets everything when a token is
 * revoked or accounts change here, so in this process at once; another process sharing the database
 * keeps accepting a token it checked for at most {@link #VALID_FOR}.
 *
 * <p>Thread-safe.
 */
final class VerifiedTokens {

  /** How long a check is trusted without asking the database again. */
  static final Duration VALID_FOR = Duration.ofSeconds(5);

  /** More tokens than any installation uses at once; beyond it the cache starts over. */
  static final int MAX_SIZE = 10_000;

  private final Map<String, Verified> byHash = new ConcurrentHashMap<>();

  /**
   * A token found valid: who it authenticates, its id, its last use as noted since, and when it was
   * read ({@link System#nanoTime()}).
   */
  record Verified(Caller caller, long tokenId, Instant lastUsedAt, long checkedAtNanos) {}

  /** The token checked with this hash within {@link #VALID_FOR}, else null. */
  Verified get(String hash, long nowNanos) {
    Verified verified = byHash.get(hash);
    if (verified == null || nowNanos - verified.checkedAtNanos() > VALID_FOR.toNanos()) {
      return null;
    }
    return verified;
  }

  void put(String hash, Verified verified) {
    if (byHash.size() >= MAX_SIZE) {
      byHash.clear();
    }
    byHash.put(hash, verified);
  }

  /** Forgets every check, for a change that may have made a token invalid. */
  void clear() {
    byHash.clear();
  }
}
