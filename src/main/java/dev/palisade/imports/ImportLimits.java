package dev.palisade.imports;

import jakarta.validation.constraints.Positive;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How large one import through the REST API or the web UI may be ({@code palisade.imports.*}),
 * counted while it is read, so that a small upload that inflates to gigabytes, or holds millions of
 * lines, is stopped early instead of costing minutes of CPU or the heap. The command line takes
 * {@link #NONE}: it is the operator's own tool on the server, in a JVM of its own.
 *
 * <p>The defaults keep the largest accepted import within the shipped heap ({@code -Xmx1g}):
 * 250,000 entries with reasons filling 32 MB took at most about 350 MB of heap while it was read
 * and stored, next to a million entries already served; a million such entries took the whole
 * gigabyte (README, "Import limits"). Imports run one at a time ({@link Imports#oneAtATime}).
 *
 * @param maxDecompressedSize most bytes all inputs may hold together once decompressed (gzip is
 *     inflated as it is read, so a gzip bomb stops after this many bytes)
 * @param maxLines most lines all inputs may hold together, blank lines, comments and bad lines
 *     included
 * @param maxEntries most entries all inputs may hold together; an rbldnsd range counts as the
 *     networks it is split into
 * @param maxBadLines most bad lines one input may have: at the next one reading stops, and the
 *     first bad lines are reported as always
 */
@ConfigurationProperties(ImportLimits.PREFIX)
@Validated
public record ImportLimits(
    @DefaultValue("32MB") DataSize maxDecompressedSize,
    @DefaultValue("1000000") @Positive long maxLines,
    @DefaultValue("250000") @Positive int maxEntries,
    @DefaultValue("10000") @Positive int maxBadLines) {

  /** Where the settings live, for messages that name them. */
  static final String PREFIX = "palisade.imports";

  /** No limit at all: the command line's. */
  public static final ImportLimits NONE =
      new ImportLimits(
          DataSize.ofBytes(Long.MAX_VALUE), Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  public ImportLimits {
    Objects.requireNonNull(maxDecompressedSize, "maxDecompressedSize");
    if (maxDecompressedSize.toBytes() <= 0) {
      throw new IllegalArgumentException(PREFIX + ".max-decompressed-size must be positive");
    }
    if (maxLines <= 0 || maxEntries <= 0 || maxBadLines <= 0) {
      throw new IllegalArgumentException(
          PREFIX + ".max-lines, max-entries and max-bad-lines must be positive");
    }
  }
}
