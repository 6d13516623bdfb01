package dev.palisade.system.security;

import dev.palisade.account.TokenSecrets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Who may read {@code /actuator/prometheus}, bound from {@code palisade.metrics.*} and checked at
 * start-up: always an operator's API token; with {@code scrape-token} set, also a scraper
 * presenting that secret, which reads the metrics and nothing else.
 *
 * @param scrapeToken a secret for Prometheus ({@code Authorization: Bearer <secret>}) with the
 *     syntax of an API token's (32 to 200 characters a bearer token may hold), e.g. from {@code
 *     PALISADE_METRICS_SCRAPE_TOKEN}; null or blank for none: then only operator tokens read the
 *     metrics
 */
@ConfigurationProperties("palisade.metrics")
record ScrapeSettings(String scrapeToken) {

  @ConstructorBinding
  ScrapeSettings {
    if (scrapeToken == null || scrapeToken.isBlank()) {
      scrapeToken = "";
    } else {
      try {
        TokenSecrets.checkSyntax(scrapeToken);
      } catch (IllegalArgumentException e) {
        // The message never repeats the secret.
        throw new IllegalArgumentException(
            "palisade.metrics.scrape-token (PALISADE_METRICS_SCRAPE_TOKEN) is not usable: "
                + e.getMessage()
                + "; generate one with: openssl rand -base64 32 | tr '+/' '-_' | tr -d '='");
      }
    }
  }

  /** Leaves the secret out, so printing the settings cannot leak it. */
  @Override
  public String toString() {
    return "ScrapeSettings[scrapeToken=" + (scrapeToken.isEmpty() ? "none" : "set") + "]";
  }
}
