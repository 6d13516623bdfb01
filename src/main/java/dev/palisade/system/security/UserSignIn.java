package dev.palisade.system.security;

import dev.palisade.account.Users;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Loads a web UI user for the form login: name and password hash from {@link Users}. Thread-safe.
 */
final class UserSignIn implements UserDetailsService {

  private final Users users;

  UserSignIn(Users users) {
    this.users = users;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    return users
        .byUsername(username)
        .map(
            user ->
                new SignedInUser(
                    user.getId(),
                    user.getUsername(),
                    user.isOperator(),
                    user.getCredentialVersion(),
                    user.isMustChangePassword(),
                    user.getPasswordHash()))
        .orElseThrow(() -> new UsernameNotFoundException("no such user"));
  }
}
