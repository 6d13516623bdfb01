package dev.palisade.system.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the web UI's sign-in slows down password guessing ({@code palisade.sign-in.*}), checked at
 * start-up: an invalid value stops the application with a message naming the property. Immutable.
 * {@link SignInThrottle} says what the numbers do.
 *
 * @param userFailures failed sign-ins to one user name (from addresses it never signed in from)
 *     before each further attempt must wait. Default 5.
 * @param sourceFailures failed sign-ins from one address (an IPv6 /64), whatever the user names,
 *     before each further attempt from there must wait. Default 20.
 * @param maxDelay the longest wait: it starts at one second and doubles with each further failure
 *     up to this. Default 15m, at most 24h.
 * @param tracked how many user names, addresses and (user, address) pairs are remembered at most;
 *     the least recently used are forgotten first. Bounds the memory (a few hundred bytes each).
 *     Default 20000.
 */
@ConfigurationProperties("palisade.sign-in")
@Validated
record SignInSettings(
    @DefaultValue("5")
        @Min(value = 1, message = "palisade.sign-in.user-failures must be 1 to 1000")
        @Max(value = 1000, message = "palisade.sign-in.user-failures must be 1 to 1000")
        int userFailures,
    @DefaultValue("20")
        @Min(value = 1, message = "palisade.sign-in.source-failures must be 1 to 100000")
        @Max(value = 100_000, message = "palisade.sign-in.source-failures must be 1 to 100000")
        int sourceFailures,
    @DefaultValue("15m") Duration maxDelay,
    @DefaultValue("20000")
        @Min(value = 100, message = "palisade.sign-in.tracked must be 100 to 10000000")
        @Max(value = 10_000_000, message = "palisade.sign-in.tracked must be 100 to 10000000")
        int tracked) {

  SignInSettings {
    if (maxDelay == null
        || maxDelay.compareTo(Duration.ofSeconds(1)) < 0
        || maxDelay.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException(
          "palisade.sign-in.max-delay must be 1s to 24h, not " + maxDelay);
    }
  }
}
