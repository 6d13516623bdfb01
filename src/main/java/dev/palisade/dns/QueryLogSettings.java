package dev.palisade.dns;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the query log ({@link QueryLog}), bound from {@code palisade.dns.query-log.*}. With
 * the defaults it is off: nothing is logged and the DNS path pays one volatile read per query.
 *
 * @param sample log one query in this many, chosen at random; {@code 1} logs every query. Default
 *     {@code 0}: no sampling.
 * @param zone a zone label (an account's or a mail server's, as in {@code <label>.bl.<base>}) whose
 *     queries, in all four lists, are all logged for as long as this is set. Default empty: none.
 * @param maxFollow the longest an operator may switch the log on for one zone through the API
 *     ({@code PUT /api/v1/query-log}). Default 1 hour.
 */
@ConfigurationProperties("palisade.dns.query-log")
@Validated
public record QueryLogSettings(
    @DefaultValue("0") @Min(value = 0, message = "must be 0 (off) or more") int sample,
    @DefaultValue("")
        @NotNull
        @Pattern(
            regexp = "|[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?",
            message = "must be one DNS label of letters, digits, '-' or '_', or empty")
        String zone,
    @DefaultValue("1h") @NotNull Duration maxFollow) {

  public QueryLogSettings {
    if (maxFollow != null && (maxFollow.isNegative() || maxFollow.isZero())) {
      throw new IllegalArgumentException(
          "palisade.dns.query-log.max-follow must be positive, not " + maxFollow);
    }
  }

  /** The log off, as with the defaults. */
  public static final QueryLogSettings OFF = new QueryLogSettings(0, "", Duration.ofHours(1));
}
