package dev.palisade.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScrapeSettingsTest {

  @Test
  void noTokenByDefaultAndBlankIsNone() {
    assertThat(new ScrapeSettings(null).scrapeToken()).isEmpty();
    assertThat(new ScrapeSettings("  ").scrapeToken()).isEmpty();
    assertThat(new ScrapeSettings("0123456789abcdefghijABCDEFGHIJ-_").scrapeToken())
        .isEqualTo("0123456789abcdefghijABCDEFGHIJ-_");
  }

  @Test
  void refusesAShortOrOddSecretWithoutRepeatingIt() {
    assertThatThrownBy(() -> new ScrapeSettings("short-scrape-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("palisade.metrics.scrape-token")
        .hasMessageContaining("32")
        .hasMessageNotContaining("short-scrape-secret");
    assertThatThrownBy(() -> new ScrapeSettings("0123456789 0123456789 0123456789 secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may contain only")
        .hasMessageNotContaining("secret\"");
  }

  @Test
  void toStringHidesTheSecret() {
    String secret = "0123456789abcdefghijABCDEFGHIJklmnop";
    assertThat(new ScrapeSettings(secret).toString()).doesNotContain(secret).contains("set");
  }
}
