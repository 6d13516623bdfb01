package dev.palisade.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of API tokens ({@code palisade.api.*}), checked at start-up.
 *
 * @param bootstrapToken the secret of an operator token that must exist, e.g. from {@code
 *     PALISADE_API_BOOTSTRAP_TOKEN}; null or blank for none
 * @param generatedTokenValidity how long the operator token generated at the first start (whose
 *     secret is logged) authenticates; positive
 */
@ConfigurationProperties("palisade.api")
record ApiTokenSettings(
    String bootstrapToken, @DefaultValue("24h") Duration generatedTokenValidity) {

  static final Duration DEFAULT_GENERATED_TOKEN_VALIDITY = Duration.ofHours(24);

  /** With the default validity of a generated token. */
  ApiTokenSettings(String bootstrapToken) {
    this(bootstrapToken, DEFAULT_GENERATED_TOKEN_VALIDITY);
  }

  @ConstructorBinding
  ApiTokenSettings {
    if (generatedTokenValidity == null) {
      generatedTokenValidity = DEFAULT_GENERATED_TOKEN_VALIDITY;
    }
    if (generatedTokenValidity.isNegative() || generatedTokenValidity.isZero()) {
      throw new IllegalArgumentException(
          "palisade.api.generated-token-validity must be positive, not " + generatedTokenValidity);
    }
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
    return "ApiTokenSettings[bootstrapToken="
        + (bootstrapToken == null ? "none" : "set")
        + ", generatedTokenValidity="
        + generatedTokenValidity
        + "]";
  }
}
