package dev.palisade.system.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Where a failed sign-in leads: back to the form, with "the user name or password is wrong" ({@code
 * /login?error}) or, for an attempt that must wait, how long ({@code /login?throttled=<seconds>}).
 * Never a stack trace, and the same answer whether or not the user exists. Stateless and
 * thread-safe.
 */
final class SignInFailureHandler implements AuthenticationFailureHandler {

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    String target =
        failure instanceof SignInThrottledException throttled
            ? "/login?throttled=" + throttled.waitSeconds()
            : "/login?error";
    response.sendRedirect(request.getContextPath() + target);
  }
}
