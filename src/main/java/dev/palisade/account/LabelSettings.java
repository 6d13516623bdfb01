package dev.palisade.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of zone labels ({@code palisade.labels.*}), checked at start-up.
 *
 * @param overlap how long a scope's old label keeps answering after the scope is given a new one,
 *     so mail servers still configured with it keep their lists while they are updated; zero: the
 *     old label stops answering at once. At most {@link #MAX_OVERLAP}.
 */
@ConfigurationProperties("palisade.labels")
public record LabelSettings(@DefaultValue("7d") Duration overlap) {

  /** The longest overlap, set or asked for. */
  public static final Duration MAX_OVERLAP = Duration.ofDays(365);

  static final Duration DEFAULT_OVERLAP = Duration.ofDays(7);

  @ConstructorBinding
  public LabelSettings {
    if (overlap == null) {
      overlap = DEFAULT_OVERLAP;
    }
    check("palisade.labels.overlap", overlap);
  }

  /**
   * Throws {@link IllegalArgumentException} naming {@code what} unless the overlap is between zero
   * and {@link #MAX_OVERLAP}.
   */
  static Duration check(String what, Duration overlap) {
    if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
      throw new IllegalArgumentException(
          what + " must be between 0 and 365 days, not " + overlap.toSeconds() + " seconds");
    }
    return overlap;
  }
}
