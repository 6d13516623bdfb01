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
 * @param maxEntries most entries the inputs may hold together; more is one error of the import
 */
public record ImportSpec(ListKind list, ImportFormat format, Instant expiresAt, int maxEntries) {

  /**
   * Most entries one bulk add may hold: the web UI's bulk page and the REST API's JSON bulk
   * request. File imports through the API or the command line have no such limit.
   */
  public static final int BULK_LIMIT = 100_000;

  /** No limit on the number of entries. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  public ImportSpec {
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(format, "format");
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries is negative: " + maxEntries);
    }
  }

  /** A file import: entries that never expire, as many as the files hold. */
  public static ImportSpec of(ListKind list, ImportFormat format) {
    return new ImportSpec(list, format, null, UNLIMITED);
  }
}
