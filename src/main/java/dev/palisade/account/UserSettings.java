package dev.palisade.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first operator of the web UI ({@code palisade.users.*}), created at start-up when no user
 * exists.
 *
 * @param bootstrapUsername the first operator's name; {@code admin} when not set
 * @param bootstrapPassword the first operator's password (e.g. from {@code
 *     PALISADE_USERS_BOOTSTRAP_PASSWORD}), at least {@value PasswordPolicy#MIN_LENGTH} characters
 *     and not guessable ({@link PasswordPolicy}, checked when the operator is created); without it
 *     a random one is generated, logged once, and must be changed at the first sign-in
 */
@ConfigurationProperties("palisade.users")
record UserSettings(String bootstrapUsername, String bootstrapPassword) {

  UserSettings {
    if (bootstrapUsername == null || bootstrapUsername.isBlank()) {
      bootstrapUsername = "admin";
    }
    if (bootstrapPassword != null && bootstrapPassword.isEmpty()) {
      bootstrapPassword = null;
    }
    if (bootstrapPassword != null && bootstrapPassword.length() < PasswordPolicy.MIN_LENGTH) {
      throw new IllegalArgumentException(
          "palisade.users.bootstrap-password (PALISADE_USERS_BOOTSTRAP_PASSWORD) must have at least "
              + PasswordPolicy.MIN_LENGTH
              + " characters");
    }
  }

  /** Leaves the password out, so printing the settings cannot leak it. */
  @Override
  public String toString() {
    return "UserSettings[bootstrapUsername="
        + bootstrapUsername
        + ", bootstrapPassword="
        + (bootstrapPassword == null ? "none" : "set")
        + "]";
  }
}
