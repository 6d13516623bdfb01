package dev.palisade.system.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused unchecked because its user name or source address must wait ({@link
 * SignInThrottle}). Immutable.
 */
final class SignInThrottledException extends AuthenticationException {

  private final transient Duration wait;

  SignInThrottledException(Duration wait) {
    super("too many failed sign-ins; wait " + wait.toSeconds() + " s");
    this.wait = wait;
  }

  /** How long the next attempt must wait. */
  Duration waitFor() {
    return wait;
  }

  /** The wait in whole seconds, rounded up: what the sign-in page shows. */
  long waitSeconds() {
    return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
  }
}
