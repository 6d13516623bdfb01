package dev.palisade.account;

import dev.palisade.common.FirstStartLock;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can use the API after start-up. With {@code palisade.api.bootstrap-token} set,
 * an operator token with that secret exists (it is created if missing; a revoked one stays
 * revoked); the log names it by id, never by any part of its secret. Without it, when there has
 * never been an operator token, one is created and its secret logged once; since a log is read by
 * more people than an operator token should be, that token expires after {@code
 * palisade.api.generated-token-validity} (default 24 hours) and the operator replaces it with one
 * of their own. Runs before the web server accepts requests, and only where there is one: the
 * command line makes no token, which would leave the server's first start none to show (see {@link
 * UserBootstrap}).
 */
@Component
@ConditionalOnWebApplication
class ApiTokenBootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(ApiTokenBootstrap.class);
  static final String ACTOR = "system:bootstrap";

  private final ApiTokens tokens;
  private final ApiTokenSettings settings;
  private final Clock clock;
  private final FirstStartLock lock;

  ApiTokenBootstrap(ApiTokens tokens, ApiTokenSettings settings, Clock clock, FirstStartLock lock) {
    this.tokens = tokens;
    this.settings = settings;
    this.clock = clock;
    this.lock = lock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (settings.bootstrapToken() != null) {
      ensureBootstrapToken(settings.bootstrapToken());
    } else {
      // Under the lock: two nodes starting together on an empty database make one token.
      lock.createIfNeeded(() -> !tokens.anyOperatorToken(), this::createFirstOperatorToken);
    }
  }

  private void ensureBootstrapToken(String secret) {
    Optional<ApiToken> existing = tokens.findBySecret(secret);
    if (existing.isEmpty()) {
      try {
        ApiToken token =
            tokens
                .create(NewToken.operator(tokens.freeName(null, "bootstrap"), true), secret, ACTOR)
                .token();
        // Its id and name only: any piece of a chosen secret in the log makes guessing it easier.
        log.info(
            "created the operator API token {} ('{}') from palisade.api.bootstrap-token",
            token.getId(),
            token.getName());
        return;
      } catch (DataIntegrityViolationException e) {
        // Another node sharing the database created it in the meantime.
        existing = tokens.findBySecret(secret);
        if (existing.isEmpty()) {
          throw e;
        }
      }
    }
    ApiToken token = existing.get();
    if (!token.isOperator()) {
      throw new IllegalStateException(
          "palisade.api.bootstrap-token is the secret of token "
              + token.getId()
              + ", which is not an operator token; choose another secret");
    }
    if (token.isRevoked()) {
      // Revocation wins: whoever revoked it meant it. Starting anyway keeps DNS up.
      log.warn(
          "the operator API token {} given by palisade.api.bootstrap-token was revoked at {} and"
              + " stays revoked; set a new secret to get an operator token back",
          token.getId(),
          token.getRevokedAt());
    }
  }

  /** Package-private for tests, which cannot start the application without an operator token. */
  void createFirstOperatorToken() {
    Instant expires = clock.instant().plus(settings.generatedTokenValidity());
    CreatedToken created =
        tokens.create(
            NewToken.operator(tokens.freeName(null, "initial operator"), true), ACTOR, expires);
    // Shown once, on purpose: the database keeps only its hash. It went through the log, so it
    // ends by itself and the operator replaces it with one nobody else has read.
    log.warn(
        "No operator API token existed, so one was created. It is shown only this once and"
            + " expires at {} (palisade.api.generated-token-validity): {}  Use it as"
            + " 'Authorization: Bearer <token>' to create a lasting operator token with POST"
            + " /api/v1/tokens {\"name\": \"operator\", \"operator\": true, \"write\": true},"
            + " then revoke this one with DELETE /api/v1/tokens/{}. To choose the operator token"
            + " yourself, set PALISADE_API_BOOTSTRAP_TOKEN (palisade.api.bootstrap-token).",
        expires,
        created.secret(),
        created.token().getId());
  }
}
