package dev.palisade.system;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.common.UnavailableAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 at once while the database cannot be reached ({@link DatabaseStatus}), before any
 * filter or controller would wait for a connection: the API and the metrics with an RFC 9457
 * problem, the web UI with a page, both with {@code Retry-After}. A request that fails on its way
 * because the database went away meanwhile (a token or a session read, a controller's transaction)
 * gets the same answer, and the failure is one line in the log, from {@link DatabaseStatus}, not a
 * stack trace. Health, the OpenAPI documents and static files are served as always.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseUnavailable {

  @Bean
  FilterRegistrationBean<Refusal> databaseUnavailableFilter(DatabaseStatus status) {
    FilterRegistrationBean<Refusal> registration =
        new FilterRegistrationBean<>(new Refusal(status));
    registration.addUrlPatterns("/*");
    // First of all: before the body size limit and before the security filters, which read tokens
    // and sessions from the database.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** Thread-safe. */
  static final class Refusal extends OncePerRequestFilter {
    private final DatabaseStatus status;

    Refusal(DatabaseStatus status) {
      this.status = status;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (!status.reachable() && needsDatabase(request)) {
        refuse(request, response);
        return;
      }
      try {
        chain.doFilter(request, response);
      } catch (ServletException | IOException | RuntimeException e) {
        if (!response.isCommitted() && status.explains(e)) {
          response.reset();
          refuse(request, response);
          return;
        }
        throw e;
      }
    }

    /** Everything but what is served without the database. */
    private static boolean needsDatabase(HttpServletRequest request) {
      String path = request.getRequestURI().substring(request.getContextPath().length());
      return !(path.startsWith("/actuator/health")
          || path.startsWith("/css/")
          || path.equals("/favicon.ico")
          || path.startsWith("/v3/api-docs")
          || path.startsWith("/swagger-ui"));
    }
  }

  /** A 503 problem for API and other machine clients, a 503 page for browsers. */
  static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseStatus.RETRY_AFTER_SECONDS));
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setCharacterEncoding("UTF-8");
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (UnavailableAnswers.wantsProblem(path, request.getHeader(HttpHeaders.ACCEPT))) {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getWriter().write(UnavailableAnswers.problem(request.getRequestURI()));
    } else {
      response.setContentType(MediaType.TEXT_HTML_VALUE);
      response.getWriter().write(UnavailableAnswers.page(request.getContextPath()));
    }
  }
}
