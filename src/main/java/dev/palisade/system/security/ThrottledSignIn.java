package dev.palisade.system.security;

import dev.palisade.account.AccountMembers;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The web UI's sign-in check: asks {@link SignInThrottle} whether the attempt must wait (then it is
 * refused with {@link SignInThrottledException}, the password unchecked), else lets the password
 * check run, counts the outcome, logs it ({@link SignInLog}) and records a success in the audit
 * trail. An unknown user name and a wrong password look the same to the client (both {@link
 * BadCredentialsException}, after the same hashing work); only the log tells them apart.
 *
 * <p>Thread-safe.
 */
final class ThrottledSignIn implements AuthenticationManager {

  private final AuthenticationManager passwords;
  private final SignInThrottle throttle;
  private final AccountMembers members;

  /**
   * @param passwords checks name and password; must throw {@link UsernameNotFoundException} for an
   *     unknown user (not hide it as a bad password) so the log can tell the two apart
   */
  ThrottledSignIn(
      AuthenticationManager passwords, SignInThrottle throttle, AccountMembers members) {
    this.passwords = passwords;
    this.throttle = throttle;
    this.members = members;
  }

  @Override
  public Authentication authenticate(Authentication attempt) {
    String username = attempt.getName();
    String source =
        attempt.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : null;
    Optional<Duration> wait = throttle.waitFor(username, source);
    if (wait.isPresent()) {
      SignInThrottledException refused = new SignInThrottledException(wait.get());
      SignInLog.failed(
          username, source, SignInLog.Reason.THROTTLED, "wait " + refused.waitSeconds() + " s");
      throw refused;
    }
    Authentication result;
    try {
      result = passwords.authenticate(attempt);
    } catch (UsernameNotFoundException e) {
      throttle.failed(username, source);
      SignInLog.failed(username, source, SignInLog.Reason.UNKNOWN_USER, null);
      throw new BadCredentialsException("bad credentials");
    } catch (BadCredentialsException e) {
      throttle.failed(username, source);
      SignInLog.failed(username, source, SignInLog.Reason.BAD_PASSWORD, null);
      throw e;
    }
    throttle.succeeded(username, source);
    SignInLog.succeeded(username, source);
    if (result.getPrincipal() instanceof SignedInUser user) {
      members.recordSignIn(user.id(), source);
    }
    return result;
  }
}
