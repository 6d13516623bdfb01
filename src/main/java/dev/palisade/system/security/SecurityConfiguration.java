package dev.palisade.system.security;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.TokenAuthentication;
import dev.palisade.account.Users;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP security of Palisade, as ordered filter chains: the first whose matcher fits a request
 * handles it.
 *
 * <ol>
 *   <li>{@code /actuator/prometheus}: the metrics, for an operator's API token or the scrape token
 *       of {@link ScrapeSettings} only; 401 without either, 403 for any other token.
 *   <li>{@code /api/**}: stateless, no CSRF (no cookies to ride on), every request needs a valid
 *       API token ({@link BearerTokenFilter}); 401 and 403 are RFC 9457 problems. What a caller may
 *       do beyond that is decided by the services, from the {@link dev.palisade.account.Caller}.
 *   <li>The web UI: everything but the API and the public documents below. Form login with users of
 *       {@link Users} (passwords hashed by the delegating encoder, BCrypt), guessing slowed down
 *       and every attempt logged ({@link ThrottledSignIn}), a session cookie that ends when the
 *       user's password changes elsewhere ({@link SessionCredentialCheck}), CSRF tokens on every
 *       form, sign-out by POST. Pages that are not public need a signed-in user; what the user may
 *       see and change is decided by the services, from the {@link dev.palisade.account.Caller}
 *       that {@link AccountMembers#callerFor} makes of the user.
 *   <li>Everything else: health, info and the OpenAPI documents are public, the rest is denied.
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScrapeSettings.class)
// The command line (import, export) runs without a web server, so without HTTP security.
@ConditionalOnWebApplication
class SecurityConfiguration {

  /** Order of the metrics chain: before the UI's, whose matcher takes every non-public path. */
  static final int METRICS_ORDER = 0;

  /** Order of the API chain; the UI chain goes between it and the fallback. */
  static final int API_ORDER = 1;

  static final int UI_ORDER = 2;

  /** Served by the fallback chain to anyone, signed in or not. */
  private static final String[] PUBLIC_PATHS = {
    "/actuator/health",
    "/actuator/health/**",
    "/actuator/info",
    "/v3/api-docs",
    "/v3/api-docs/**",
    "/v3/api-docs.yaml",
    "/swagger-ui.html",
    "/swagger-ui/**"
  };

  /**
   * What a UI page may load: only Palisade's own files. Scripts only from Palisade's own files (no
   * inline script, no eval; every page works without them), no inline styles, no framing
   * (clickjacking).
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /**
   * Spring Security's observations are off (application.yml), but without this bean Spring Security
   * would still wrap every filter of every request, and the authentication and authorization
   * managers, in an observation that then asks, by name, whether it is enabled: a good part of the
   * CPU of a small API write, for nothing. Security itself is unchanged.
   */
  @Bean
  static SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  @Order(METRICS_ORDER)
  SecurityFilterChain metricsSecurity(
      HttpSecurity http, TokenAuthentication tokens, JsonMapper json, ScrapeSettings scrape)
      throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    http.securityMatcher("/actuator/prometheus")
        .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyRole("OPERATOR", "METRICS"));
    return tokenChain(
        http, new BearerTokenFilter(tokens, problems, scrape.scrapeToken()), problems);
  }

  @Bean
  @Order(API_ORDER)
  SecurityFilterChain apiSecurity(HttpSecurity http, TokenAuthentication tokens, JsonMapper json)
      throws Exception {
    ProblemResponses problems = new ProblemResponses(json);
    http.securityMatcher("/api/**")
        // A read-only token changes nothing, whatever route a later change adds: every method but
        // the safe ones (RFC 9110 §9.2.1) needs write rights before any controller runs.
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .authenticated()
                    .requestMatchers(HttpMethod.HEAD, "/api/**")
                    .authenticated()
                    .requestMatchers(HttpMethod.OPTIONS, "/api/**")
                    .authenticated()
                    .anyRequest()
                    .hasRole("WRITE"));
    return tokenChain(http, new BearerTokenFilter(tokens, problems), problems);
  }

  /**
   * Finishes a chain of bearer tokens, the metrics' and the API's alike: the token read by {@code
   * bearer} on every request and nothing kept between requests (no session, so no CSRF token to
   * check; no saved request, no anonymous caller, no sign-out), 401 and 403 answered as RFC 9457
   * problems.
   */
  private static SecurityFilterChain tokenChain(
      HttpSecurity http, BearerTokenFilter bearer, ProblemResponses problems) throws Exception {
    http.addFilterBefore(bearer, BasicAuthenticationFilter.class)
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
  SignInThrottle signInThrottle(SignInSettings settings, Clock clock) {
    return new SignInThrottle(settings, clock);
  }

  @Bean
  @Order(UI_ORDER)
  SecurityFilterChain uiSecurity(
      HttpSecurity http,
      Users users,
      AccountMembers members,
      PasswordEncoder encoder,
      SignInThrottle throttle,
      ApplicationEventPublisher events)
      throws Exception {
    DaoAuthenticationProvider signIn = new DaoAuthenticationProvider(new UserSignIn(users));
    signIn.setPasswordEncoder(encoder);
    // ThrottledSignIn logs an unknown user apart from a wrong password, and answers both alike.
    signIn.setHideUserNotFoundExceptions(false);
    ProviderManager signIns = new ProviderManager(signIn);
    // Every sign-in, failed or not, is announced as Spring Security's authentication events: the
    // metrics count the failures. A ProviderManager made here announces nothing unless told to.
    signIns.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
    RequestMatcher[] publicPaths =
        Arrays.stream(PUBLIC_PATHS)
            .map(PathPatternRequestMatcher.withDefaults()::matcher)
            .toArray(RequestMatcher[]::new);
    http.securityMatcher(new NegatedRequestMatcher(new OrRequestMatcher(publicPaths)))
        .authenticationManager(new ThrottledSignIn(signIns, throttle, members))
        .addFilterAfter(
            new SessionCredentialCheck(users), UsernamePasswordAuthenticationFilter.class)
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(
                        "/login", "/css/**", "/js/**", "/favicon.ico", "/favicon.svg", "/error")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(
            form ->
                form.loginPage("/login")
                    .defaultSuccessUrl("/", false)
                    .failureHandler(new SignInFailureHandler())
                    .permitAll())
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
    return http.build();
  }

  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  SecurityFilterChain defaultSecurity(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
        requests -> requests.requestMatchers(PUBLIC_PATHS).permitAll().anyRequest().denyAll());
    return http.build();
  }
}
