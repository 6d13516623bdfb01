package dev.palisade.system.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * What a web UI session keeps of its user after the user changed their password in it: the new
 * credential version, so that this session stays signed in while {@link SessionCredentialCheck}
 * ends all the others, and no more "must change the password". The session also gets a new id, as
 * after a sign-in. Stateless and thread-safe.
 */
public final class SignedInSessions {

  private static final SecurityContextRepository SESSIONS =
      new HttpSessionSecurityContextRepository();

  private SignedInSessions() {}

  /**
   * Keeps this request's session signed in as {@code user} with the credential version the password
   * change returned.
   */
  public static void passwordChanged(
      SignedInUser user,
      long newCredentialVersion,
      HttpServletRequest request,
      HttpServletResponse response) {
    SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    SignedInUser updated = user.withNewPassword(newCredentialVersion);
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(updated, null, updated.getAuthorities()));
    contexts.setContext(context);
    request.changeSessionId();
    SESSIONS.saveContext(context, request, response);
  }
}
