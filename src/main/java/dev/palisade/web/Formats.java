package dev.palisade.web;

import dev.palisade.dnsbl.ReturnCode;
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

  /** A time to the minute in UTC, or empty for none. */
  public String time(Instant at) {
    return at == null ? "" : MINUTES.format(at);
  }
}
