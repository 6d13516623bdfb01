package dev.palisade.imports;

import dev.palisade.dnsbl.ListKind;
import java.time.Instant;
import java.util.Objects;

/**
 * What an import reads its inputs as.
 *
 * @param list the list the inputs feed; rbldnsd exclusions ({@code !entry}) feed the other one
 * @param format the format of every input
 * @param expiresAt when the entries stop answering, or null for never; a CSV line's own expiry wins
 * @param limits how large the inputs may be together ({@link ImportLimits#NONE} for the command
 *     line)
 */
public record ImportSpec(
    ListKind list, ImportFormat format, Instant expiresAt, ImportLimits limits) {

  /**
   * Most entries one JSON bulk request of the REST API may hold (its body is one JSON document,
   * read whole). Imports of files and the web UI's bulk page have {@link ImportLimits} instead.
   */
  public static final int BULK_LIMIT = 100_000;

  public ImportSpec {
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(limits, "limits");
  }

  /** A file import on the command line: entries that never expire, no limit. */
  public static ImportSpec of(ListKind list, ImportFormat format) {
    return new ImportSpec(list, format, null, ImportLimits.NONE);
  }
}
