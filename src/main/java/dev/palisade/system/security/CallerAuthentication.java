package dev.palisade.system.security;

import dev.palisade.account.Caller;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@link Caller}: the principal that {@code @AuthenticationPrincipal Caller}
 * resolves to. Holds no credentials, so the secret does not outlive the filter that checked it.
 * Immutable once built.
 *
 * <p>Authorities mirror the caller's rights for request matchers: {@code ROLE_OPERATOR} for
 * operators, {@code ROLE_WRITE} for callers that may change what they see.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

  private final Caller caller;

  CallerAuthentication(Caller caller) {
    super(authorities(caller));
    this.caller = caller;
    setAuthenticated(true);
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public String getName() {
    return caller.actorName();
  }

  private static List<GrantedAuthority> authorities(Caller caller) {
    List<GrantedAuthority> authorities = new ArrayList<>(2);
    if (caller.operator()) {
      authorities.add(new SimpleGrantedAuthority("ROLE_OPERATOR"));
    }
    if (caller.write()) {
      authorities.add(new SimpleGrantedAuthority("ROLE_WRITE"));
    }
    return authorities;
  }
}
