package dev.palisade.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of API tokens ({@code palisade.api.*}), checked at start-up.
 *
 * @param bootstrapToken the secret of an operator token that must exist, e.g. from {@code
 *     PALISADE_API_BOOTSTRAP_TOKEN}; null or blank for none
 */
@ConfigurationProperties("palisade.api")
record ApiTokenSettings(String bootstrapToken) {

  ApiTokenSettings {
    if (bootstrapToken != null && bootstrapToken.isBlank()) {
      bootstrapToken = null;
    }
    if (bootstrapToken != null) {
      try {
        TokenSecrets.checkSyntax(bootstrapToken);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "palisade.api.bootstrap-token (PALISADE_API_BOOTSTRAP_TOKEN) is not usable: "
                + e.getMessage()
                + "; generate one with: openssl rand -base64 32 | tr '+/' '-_' | tr -d '='");
      }
    }
  }

  /** Leaves the secret out, so printing the settings cannot leak it. */
  @Override
  public String toString() {
    return "ApiTokenSettings[bootstrapToken=" + (bootstrapToken == null ? "none" : "set") + "]";
  }
}
