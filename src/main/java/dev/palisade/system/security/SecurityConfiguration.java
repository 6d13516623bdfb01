package dev.palisade.system.security;

import dev.palisade.account.ApiTokens;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP security of Palisade, as ordered filter chains: the first whose matcher fits a request
 * handles it.
 *
 * <ol>
 *   <li>{@code /api/**}: stateless, no CSRF (no cookies to ride on), every request needs a valid
 *       API token ({@link BearerTokenFilter}); 401 and 403 are RFC 9457 problems. What a caller may
 *       do beyond that is decided by the services, from the {@link dev.palisade.account.Caller}.
 *   <li>Everything else: health, info and the OpenAPI documents are public, the rest is denied. The
 *       web UI replaces this chain with its own (form login) when it arrives.
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
// The command line (import, export) runs without a web server, so without HTTP security.
@ConditionalOnWebApplication
class SecurityConfiguration {

  /** Order of the API chain; a UI chain goes between it and the fallback. */
  static final int API_ORDER = 1;

  @Bean
  @Order(API_ORDER)
  SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokens tokens, JsonMapper json)
      throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    http.securityMatcher("/api/**")
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .addFilterBefore(new BearerTokenFilter(tokens, problems), BasicAuthenticationFilter.class)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  SecurityFilterChain defaultSecurity(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
        requests ->
            requests
                .requestMatchers(
                    "/actuator/health",
                    "/actuator/health/**",
                    "/actuator/info",
                    "/v3/api-docs",
                    "/v3/api-docs/**",
                    "/v3/api-docs.yaml",
                    "/swagger-ui.html",
                    "/swagger-ui/**",
                    "/error")
                .permitAll()
                .anyRequest()
                .denyAll());
    return http.build();
  }
}
