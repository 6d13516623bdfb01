package dev.palisade.zonefile;

import java.util.List;

/**
 * Everything read from one data file that had no bad lines.
 *
 * @param fileName the file as the caller named it
 * @param entries the entries in file order; no two with the same kind and value (a repeated entry
 *     keeps its first occurrence and adds a warning)
 * @param directives the {@code $SOA}, {@code $NS} and {@code $TTL} lines, as metadata
 * @param warnings lines accepted with a caveat (e.g. host bits masked), at most {@link
 *     ZoneFileParser#MAX_REPORTED_ISSUES}
 * @param warningCount how many warnings there were, including those not reported
 */
public record ZoneFileContent(
    String fileName,
    List<ZoneFileEntry> entries,
    ZoneFileDirectives directives,
    List<ZoneFileIssue> warnings,
    int warningCount) {

  public ZoneFileContent {
    entries = List.copyOf(entries);
    warnings = List.copyOf(warnings);
  }
}
