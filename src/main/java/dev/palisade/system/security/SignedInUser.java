package dev.palisade.system.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a web UI session: who signed in. It names the user only; what the user may do in
 * an account is looked up per request ({@link dev.palisade.account.AccountMembers#callerFor}), so a
 * changed role takes effect at once. The password hash is erased once the sign-in is checked.
 *
 * <p>It also remembers the user's credential version at sign-in, so the session ends when the
 * password changes elsewhere, and whether the password must be changed first.
 *
 * <p>Authorities: {@code ROLE_OPERATOR} for operators, {@code ROLE_USER} for everyone. Thread-safe
 * after sign-in.
 */
public final class SignedInUser implements UserDetails, CredentialsContainer {

  private final long id;
  private final String username;
  private final boolean operator;
  private final long credentialVersion;
  private final boolean mustChangePassword;
  private volatile String passwordHash;

  SignedInUser(
      long id,
      String username,
      boolean operator,
      long credentialVersion,
      boolean mustChangePassword,
      String passwordHash) {
    this.id = id;
    this.username = username;
    this.operator = operator;
    this.credentialVersion = credentialVersion;
    this.mustChangePassword = mustChangePassword;
    this.passwordHash = passwordHash;
  }

  /** The same user after changing their password in this session: the new version, no hash. */
  SignedInUser withNewPassword(long newCredentialVersion) {
    return new SignedInUser(id, username, operator, newCredentialVersion, false, null);
  }

  /** The user's id, as {@link dev.palisade.account.Users} knows it. */
  public long id() {
    return id;
  }

  /** Whether the user manages every account. */
  public boolean operator() {
    return operator;
  }

  /**
   * The user's credential version when this session signed in (or changed the password); the
   * session ends once the stored version has moved on ({@link SessionCredentialCheck}).
   */
  public long credentialVersion() {
    return credentialVersion;
  }

  /**
   * Whether the password was set by someone else (or generated) and must be replaced before
   * anything else. Stays true for the session until it changes the password: the flag is only ever
   * set together with a new credential version, which ends this session anyway.
   */
  public boolean mustChangePassword() {
    return mustChangePassword;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return operator
        ? List.of(
            new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_OPERATOR"))
        : List.of(new SimpleGrantedAuthority("ROLE_USER"));
  }

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }

  @Override
  public String toString() {
    return "SignedInUser[" + username + "#" + id + (operator ? ", operator" : "") + "]";
  }
}
