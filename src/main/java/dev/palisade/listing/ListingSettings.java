package dev.palisade.listing;

import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.ValueType;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the entry store ({@code palisade.listing.*}).
 *
 * @param returnCode the A record answered for entries without their own return code, per list
 * @param expiryCheck how often expired entries are looked for and removed from DNS; an entry stops
 *     answering at most this long after its expiry
 * @param purgeAfter how long expired entries stay stored (and can be revived by listing them again)
 *     before they are deleted
 * @param bulkBatch how many entries a bulk write (an import, a feed) reads, compares and writes at
 *     a time: what it holds in memory, whatever the size of the file
 * @param maxListedChange most entries one change lists in the change feed; a larger change is
 *     recorded as "read this scope again", so that a change of millions of entries never needs a
 *     blob of that size in memory, here or on the nodes that follow
 */
@ConfigurationProperties("palisade.listing")
@Validated
public record ListingSettings(
    @DefaultValue ReturnCodes returnCode,
    @DefaultValue("1s") @DurationMin(nanos = 1, message = "must be positive") Duration expiryCheck,
    @DefaultValue("30d") @DurationMin(nanos = 0, message = "must not be negative")
        Duration purgeAfter,
    @DefaultValue("20000") @Positive int bulkBatch,
    @DefaultValue("100000") @Positive int maxListedChange) {

  /**
   * The default return code of an entry of this kind and value type; 0 for an exclusion, which
   * answers nothing.
   */
  public int defaultReturnCode(ListKind kind, ValueType type) {
    boolean domain = type == ValueType.DOMAIN;
    String code =
        switch (kind) {
          case BLOCK -> domain ? returnCode.dbl() : returnCode.bl();
          case ALLOW -> domain ? returnCode.dwl() : returnCode.wl();
          case EXCLUDE -> null;
        };
    return code == null ? 0 : ReturnCode.parse(code);
  }

  /**
   * Default return codes per list ({@code palisade.listing.return-code.bl} and so on).
   *
   * @param bl blocked addresses
   * @param wl allowed addresses
   * @param dbl blocked domains
   * @param dwl allowed domains
   */
  public record ReturnCodes(
      @DefaultValue("127.0.0.2") String bl,
      @DefaultValue("127.0.0.2") String wl,
      @DefaultValue("127.0.0.2") String dbl,
      @DefaultValue("127.0.0.2") String dwl) {

    public ReturnCodes {
      for (String code : new String[] {bl, wl, dbl, dwl}) {
        try {
          ReturnCode.parse(code);
        } catch (InvalidEntryException e) {
          throw new IllegalArgumentException("palisade.listing.return-code: " + e.getMessage());
        }
      }
    }
  }
}
