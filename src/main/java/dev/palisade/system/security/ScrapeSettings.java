package dev.palisade.system.security;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may read {@code /actuator/prometheus}, bound from {@code palisade.metrics.*}: always an
 * operator's API token; with {@code scrape-token} set, also a scraper presenting that secret, which
 * reads the metrics and nothing else.
 *
 * @param scrapeToken a secret of at least 32 characters for Prometheus ({@code Authorization:
 *     Bearer <secret>}), read from the environment ({@code PALISADE_METRICS_SCRAPE_TOKEN}) or a
 *     file the admin protects. Default empty: only operator tokens read the metrics.
 */
@ConfigurationProperties("palisade.metrics")
@Validated
record ScrapeSettings(
    @DefaultValue("")
        @NotNull
        @Pattern(
            regexp = "|[\\x21-\\x7e]{32,}",
            message = "must be empty or at least 32 printable characters without spaces")
        String scrapeToken) {

  @Override
  public String toString() {
    return "ScrapeSettings[scrapeToken=" + (scrapeToken.isEmpty() ? "" : "(set)") + "]";
  }
}
