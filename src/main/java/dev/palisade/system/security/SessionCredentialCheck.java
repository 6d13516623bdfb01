package dev.palisade.system.security;

import dev.palisade.account.Users;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.OptionalLong;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a web UI session whose user changed their password elsewhere or no longer exists: on every
 * request of a signed-in session it compares the credential version the session signed in with
 * ({@link SignedInUser#credentialVersion}) with the stored one; when they differ the session is
 * invalidated and the browser sent to {@code /login?ended}. One primary-key read per request; it
 * works across several Palisade nodes and restarts, as the version lives in the database.
 *
 * <p>Thread-safe. Not a bean, so that Spring Boot does not also register it outside the UI chain.
 */
final class SessionCredentialCheck extends OncePerRequestFilter {

  private final Users users;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  SessionCredentialCheck(Users users) {
    this.users = users;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = contexts.getContext().getAuthentication();
    if (auth != null && auth.getPrincipal() instanceof SignedInUser user) {
      OptionalLong stored = users.credentialVersion(user.id());
      if (stored.isEmpty() || stored.getAsLong() != user.credentialVersion()) {
        contexts.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
          session.invalidate();
        }
        response.sendRedirect(request.getContextPath() + "/login?ended");
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
