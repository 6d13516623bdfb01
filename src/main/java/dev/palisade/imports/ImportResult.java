package dev.palisade.imports;

import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileIssue;
import java.util.List;

/**
 * What one import stored: the entries of every input, in one transaction.
 *
 * @param files the inputs as the caller named them, in the order read
 * @param entries how many entries the inputs held (a range or partial prefix may give several)
 * @param created entries that were not in the scope before
 * @param updated entries whose return code, reason or expiry changed
 * @param unchanged entries that were already exactly so
 * @param warnings lines accepted with a caveat, at most {@link
 *     dev.palisade.zonefile.ZoneFileParser#MAX_REPORTED_ISSUES} per input
 * @param warningCount how many warnings there were in all, including those not reported
 * @param directives the {@code $SOA}, {@code $NS} and {@code $TTL} lines of each input, in input
 *     order (none for {@code lines} and {@code csv}); read and reported, not applied, since
 *     Palisade configures its zones itself
 * @param repeated values an rbldnsd input gave again on a later line, left out (the first one
 *     counts, as in rbldnsd); counted when the inputs are read a batch at a time, where they are
 *     not among the warnings
 * @param kept values the list already holds from elsewhere, left as they are (a feed's entry for an
 *     import; a local entry or another feed's for a feed)
 * @param deleted a feed's entries its file no longer holds, deleted
 */
public record ImportResult(
    List<String> files,
    int entries,
    int created,
    int updated,
    int unchanged,
    List<ZoneFileIssue> warnings,
    int warningCount,
    List<ZoneFileDirectives> directives,
    int repeated,
    int kept,
    int deleted) {

  /** A result with nothing repeated, kept or deleted. */
  public ImportResult(
      List<String> files,
      int entries,
      int created,
      int updated,
      int unchanged,
      List<ZoneFileIssue> warnings,
      int warningCount,
      List<ZoneFileDirectives> directives) {
    this(files, entries, created, updated, unchanged, warnings, warningCount, directives, 0, 0, 0);
  }

  public ImportResult {
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
    directives = List.copyOf(directives);
  }
}
