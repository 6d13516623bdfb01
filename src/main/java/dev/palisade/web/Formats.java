package dev.palisade.web;

import dev.palisade.dnsbl.ReturnCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Formatting helpers for templates, as {@code ${@fmt.code(...)}}: return codes as dotted quads and
 * times in UTC. Stateless; thread-safe.
 */
@Component("fmt")
class Formats {

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** A return code, or {@code default} for none. */
  public String code(Integer code) {
    return code == null ? "default" : ReturnCode.format(code);
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** A time to the second in UTC, or empty for none. */
  public String timeToSecond(Instant at) {
    return at == null ? "" : SECONDS.format(at);
  }

  /** A duration in words, in its largest whole unit: {@code 7 days}, {@code 36 hours}. */
  static String duration(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 86_400 == 0) {
      return plural(seconds / 86_400, "day");
    }
    if (seconds % 3_600 == 0) {
      return plural(seconds / 3_600, "hour");
    }
    if (seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }

  /** The before and after states of an audited change, field by field. */
  public java.util.List<StateDiff.Field> diff(String before, String after) {
    return StateDiff.of(before, after);
  }

  /** A time to the minute in UTC, or empty for none. */
  public String time(Instant at) {
    return at == null ? "" : MINUTES.format(at);
  }
}
