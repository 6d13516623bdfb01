package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

class ImportLimitsTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(Bind.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ImportLimits.class)
  static class Bind {}

  @Test
  void bindsTheDocumentedDefaults() {
    context.run(
        c -> {
          ImportLimits limits = c.getBean(ImportLimits.class);
          assertThat(limits.maxDecompressedSize()).isEqualTo(DataSize.ofMegabytes(32));
          assertThat(limits.maxLines()).isEqualTo(1_000_000);
          assertThat(limits.maxEntries()).isEqualTo(250_000);
          assertThat(limits.maxBadLines()).isEqualTo(10_000);
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "palisade.imports.max-decompressed-size=0",
        "palisade.imports.max-lines=0",
        "palisade.imports.max-entries=-1",
        "palisade.imports.max-bad-lines=0"
      })
  void refusesLimitsThatAreNotPositive(String setting) {
    context
        .withPropertyValues(setting)
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("palisade.imports");
            });
  }
}
