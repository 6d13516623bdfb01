package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiTokenSettingsTest {

  @Test
  void acceptsALongRandomSecretAndTreatsBlankAsUnset() {
    assertThat(new ApiTokenSettings("0123456789abcdefghijABCDEFGHIJ-_.~+/=").bootstrapToken())
        .isNotNull();
    assertThat(new ApiTokenSettings("  ").bootstrapToken()).isNull();
    assertThat(new ApiTokenSettings(null).bootstrapToken()).isNull();
  }

  @Test
  void refusesAShortSecretWithoutRepeatingIt() {
    assertThatThrownBy(() -> new ApiTokenSettings("tooshort-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("palisade.api.bootstrap-token")
        .hasMessageContaining("32")
        .hasMessageNotContaining("tooshort-secret");
  }

  @Test
  void refusesCharactersABearerTokenCannotHold() {
    assertThatThrownBy(() -> new ApiTokenSettings("0123456789 0123456789 0123456789 x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may contain only");
  }

  @Test
  void toStringHidesTheSecret() {
    String secret = "0123456789abcdefghijABCDEFGHIJklmnop";
    assertThat(new ApiTokenSettings(secret).toString()).doesNotContain(secret);
  }

  @Test
  void aGeneratedTokenLastsADayUnlessSetAndNeverZero() {
    assertThat(new ApiTokenSettings(null).generatedTokenValidity()).isEqualTo(Duration.ofHours(24));
    assertThat(new ApiTokenSettings(null, Duration.ofMinutes(5)).generatedTokenValidity())
        .isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> new ApiTokenSettings(null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generated-token-validity");
  }
}
