package dev.palisade.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureCredentialsExpiredEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationFailureExpiredEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;

/**
 * Failed sign-ins, from the failure events Spring Security publishes for every rejected
 * authentication: {@code palisade_signin_failures_total{reason}} with {@code reason} one of {@code
 * bad_credentials}, {@code locked}, {@code disabled}, {@code expired} or {@code other}. Never the
 * user name or the client's address as a label: the log names those, the metrics stay small.
 *
 * <p>Thread-safe: Micrometer's counters are.
 */
final class SignInMeters {

  private final Map<Class<?>, Counter> byEvent = new LinkedHashMap<>();
  private final Counter other;

  SignInMeters(MeterRegistry registry) {
    Counter expired = counter(registry, "expired");
    byEvent.put(
        AuthenticationFailureBadCredentialsEvent.class, counter(registry, "bad_credentials"));
    byEvent.put(AuthenticationFailureLockedEvent.class, counter(registry, "locked"));
    byEvent.put(AuthenticationFailureDisabledEvent.class, counter(registry, "disabled"));
    byEvent.put(AuthenticationFailureExpiredEvent.class, expired);
    byEvent.put(AuthenticationFailureCredentialsExpiredEvent.class, expired);
    other = counter(registry, "other");
  }

  @EventListener
  void on(AbstractAuthenticationFailureEvent failure) {
    byEvent.getOrDefault(failure.getClass(), other).increment();
  }

  private static Counter counter(MeterRegistry registry, String reason) {
    return Counter.builder("palisade.signin.failures")
        .description("failed sign-ins, by reason")
        .tag("reason", reason)
        .register(registry);
  }
}
