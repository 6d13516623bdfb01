package dev.palisade.account;

import dev.palisade.common.FirstStartLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can sign in to the web UI after start-up: when no user exists, it creates the
 * first operator ({@code palisade.users.bootstrap-username}, default {@code admin}) with {@code
 * palisade.users.bootstrap-password}, or with a generated password that is logged once and must be
 * changed at the first sign-in. A chosen password must pass the {@link PasswordPolicy}: a guessable
 * one stops start-up with a message naming the setting. Runs before the web server accepts
 * requests, and only where there is one: the command line ({@code import}, {@code export}) makes no
 * sign-in of its own, so the password is shown where the admin looks for it, in the server's log at
 * its first start (an export to standard output logs nothing: its password would never be seen).
 */
@Component
@ConditionalOnWebApplication
class UserBootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(UserBootstrap.class);

  private final Users users;
  private final UserSettings settings;
  private final FirstStartLock lock;

  UserBootstrap(Users users, UserSettings settings, FirstStartLock lock) {
    this.users = users;
    this.settings = settings;
    this.lock = lock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    // Under the lock: two nodes starting together on an empty database make one operator.
    lock.createIfNeeded(() -> !users.any(), this::createFirstOperator);
  }

  private void createFirstOperator() {
    String password =
        users.createFirstOperator(settings.bootstrapUsername(), settings.bootstrapPassword());
    if (settings.bootstrapPassword() == null) {
      // Shown once, on purpose: the database keeps only its hash.
      log.warn(
          "No web UI user existed, so the operator '{}' was created with the password {}  It is"
              + " shown only this once; sign in and choose your own password. To set the first"
              + " password yourself, set PALISADE_USERS_BOOTSTRAP_PASSWORD"
              + " (palisade.users.bootstrap-password).",
          settings.bootstrapUsername(),
          password);
    } else {
      log.info(
          "created the web UI operator '{}' from palisade.users.bootstrap-password",
          settings.bootstrapUsername());
    }
  }
}
