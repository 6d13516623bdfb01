package dev.palisade.system.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers requests the API's filter chain turns away, as RFC 9457 problems: 401 with a {@code
 * WWW-Authenticate: Bearer} challenge (RFC 6750 §3) when there is no valid token, 403 when the
 * caller may not do this. Thread-safe.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String REALM = "palisade";

  private final JsonMapper json;

  ProblemResponses(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    String challenge;
    String detail;
    if (failure instanceof BadCredentialsException) {
      challenge =
          "Bearer realm=\""
              + REALM
              + "\", error=\"invalid_token\", error_description=\"unknown or revoked token\"";
      detail = "The API token is unknown or revoked.";
    } else {
      // RFC 6750 §3.1: no error code when the request carried no token at all.
      challenge = "Bearer realm=\"" + REALM + "\"";
      detail = "This request needs an API token, sent as 'Authorization: Bearer <token>'.";
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    write(request, response, HttpStatus.UNAUTHORIZED, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    // The API chain denies only one thing itself: a change asked by a token without write rights.
    write(
        request,
        response,
        HttpStatus.FORBIDDEN,
        "This token is read-only: it may read but not change anything.");
  }

  private void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(json.writeValueAsString(problem));
  }
}
