package dev.palisade.system.security;

import dev.palisade.account.Caller;
import dev.palisade.account.TokenAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <secret>} (RFC 6750 §2.1) with {@link
 * TokenAuthentication}. A valid token puts a {@link CallerAuthentication} in the security context
 * for this request only; an unknown or revoked one is answered at once with 401. A request without
 * a bearer token passes on unauthenticated, for the authorization rules to reject.
 *
 * <p>Thread-safe. Not a bean, so that Spring Boot does not also register it for every request
 * outside the API's filter chain.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private static final String SCHEME = "Bearer";

  /** The metrics scraper: may read the metrics, nothing else. */
  private static final Authentication SCRAPER =
      UsernamePasswordAuthenticationToken.authenticated(
          "metrics-scraper", null, List.of(new SimpleGrantedAuthority("ROLE_METRICS")));

  private final TokenAuthentication tokens;
  private final AuthenticationEntryPoint entryPoint;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  /** The metrics scraper's secret, UTF-8; null when there is none. */
  private final byte[] scrapeToken;

  BearerTokenFilter(TokenAuthentication tokens, AuthenticationEntryPoint entryPoint) {
    this(tokens, entryPoint, "");
  }

  /**
   * As the API's filter, and also taking {@code scrapeToken} (when not empty) as the metrics
   * scraper, whose authentication has the one role {@code ROLE_METRICS}.
   */
  BearerTokenFilter(
      TokenAuthentication tokens, AuthenticationEntryPoint entryPoint, String scrapeToken) {
    this.tokens = tokens;
    this.entryPoint = entryPoint;
    this.scrapeToken = scrapeToken.isEmpty() ? null : scrapeToken.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String secret = bearerSecret(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (secret == null) {
      chain.doFilter(request, response);
      return;
    }
    if (scrapeToken != null
        && MessageDigest.isEqual(scrapeToken, secret.getBytes(StandardCharsets.UTF_8))) {
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(SCRAPER);
      contexts.setContext(context);
      chain.doFilter(request, response);
      return;
    }
    Optional<Caller> caller = tokens.authenticate(secret);
    if (caller.isEmpty()) {
      contexts.clearContext();
      entryPoint.commence(
          request, response, new BadCredentialsException("the API token is unknown or revoked"));
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(new CallerAuthentication(caller.get()));
    contexts.setContext(context);
    chain.doFilter(request, response);
  }

  /** The token of a Bearer header (scheme case-insensitive, RFC 9110 §11.1), else null. */
  static String bearerSecret(String header) {
    if (header == null
        || header.length() < SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String rest = header.substring(SCHEME.length());
    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
      return null; // another scheme that starts with "Bearer"
    }
    return rest.strip();
  }
}
