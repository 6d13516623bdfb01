package dev.palisade.system.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The longest sign-in wait is checked at start-up, naming the property. */
class SignInSettingsTest {

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT0.5S", "PT24H0.001S", "P2D"})
  void aMaxDelayOutsideOneSecondToADayStopsStartUp(String delay) {
    assertThatThrownBy(() -> new SignInSettings(5, 20, Duration.parse(delay), 20_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("palisade.sign-in.max-delay must be 1s to 24h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1S", "PT15M", "PT24H"})
  void aMaxDelayFromOneSecondToADayIsAccepted(String delay) {
    assertThatCode(() -> new SignInSettings(5, 20, Duration.parse(delay), 20_000))
        .doesNotThrowAnyException();
  }
}
