package dev.palisade.imports;

import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import dev.palisade.zonefile.ZoneFileDirectives;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the entries of one input as drafts, one at a time, in one {@link ImportFormat}. A bad line
 * does not stop it: the line goes to the errors given when the reader was opened, with its number,
 * and reading goes on, so one pass reports every bad line. Whether anything is stored is the
 * caller's decision ({@link Imports} stores nothing while any line is bad).
 *
 * <p>{@code lines} and {@code csv} are read as they are pulled, line by line. rbldnsd files are
 * parsed whole on the first pull, because a later line can change earlier ones (an ip6tset's one
 * value, {@code $1}..{@code $9} in reasons), and then handed out one by one. Not thread-safe.
 */
interface DraftReader {

  /** The next draft, or null at the end of the input. */
  LineDraft next() throws IOException;

  /**
   * The zone metadata the input declared ({@code $SOA}, {@code $NS}, {@code $TTL}); {@link
   * ZoneFileDirectives#NONE} for formats without. Complete once {@link #next} has returned null.
   */
  default ZoneFileDirectives directives() {
    return ZoneFileDirectives.NONE;
  }

  /**
   * A reader of {@code lines} in the spec's format.
   *
   * @param name names the input in problems
   * @param errors collects the bad lines
   * @param warnings collects lines accepted with a caveat
   * @param now the time an expiry must be after
   */
  static DraftReader open(
      ImportSpec spec,
      String name,
      TextLines lines,
      IssueCollector errors,
      IssueCollector warnings,
      Instant now) {
    return open(spec, name, lines, errors, warnings, new ImportBudget(spec.limits()), now);
  }

  /**
   * As above, counting what is read in {@code budget}: an rbldnsd file's entries as its parser
   * keeps them, and its bad lines up to the spec's limit.
   */
  static DraftReader open(
      ImportSpec spec,
      String name,
      TextLines lines,
      IssueCollector errors,
      IssueCollector warnings,
      ImportBudget budget,
      Instant now) {
    return switch (spec.format()) {
      case LINES -> new LinesReader(lines, spec.list(), spec.expiresAt(), errors);
      case CSV -> new CsvReader(lines, spec.list(), spec.expiresAt(), now, errors);
      default ->
          new RbldnsdReader(
              name,
              lines,
              spec.list(),
              spec.format().zoneFileFormat(),
              spec.expiresAt(),
              errors,
              warnings,
              budget);
    };
  }
}
