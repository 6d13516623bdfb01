package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class IndexFileSettingsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(IndexFileSettings.class)
  static class Bind {}

  @Test
  void bindsTheDocumentedDefaults() {
    context.run(
        c -> {
          IndexFileSettings s = c.getBean(IndexFileSettings.class);
          assertThat(s.path()).isEqualTo(Path.of("data/palisade.index"));
          assertThat(s.saveInterval()).isEqualTo(Duration.ofMinutes(5));
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void anEmptyFileTurnsTheFileOff(String file) {
    context
        .withPropertyValues("palisade.index.file=" + file)
        .run(c -> assertThat(c.getBean(IndexFileSettings.class).path()).isNull());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "-5m"})
  void refusesASaveIntervalThatIsNotPositive(String interval) {
    context
        .withPropertyValues("palisade.index.save-interval=" + interval)
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("palisade.index.saveInterval")
                  .hasMessageContaining("must be positive");
            });
  }
}
