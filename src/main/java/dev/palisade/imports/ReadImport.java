package dev.palisade.imports;

import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of an import, read and checked, not stored. Good to store only when {@link #ok()}: a
 * preview may show the drafts of the good lines next to the bad ones, but {@link Imports#store}
 * refuses to store any of them while one line is bad.
 *
 * @param names the inputs as the caller named them, in the order read
 * @param drafts the drafts of every good line, in input order (an rbldnsd file with a bad line
 *     gives none)
 * @param failures one exception per input with bad lines, in input order; the last one may have
 *     stopped the reading at the limit of bad lines ({@link ZoneFileException#stoppedAt()})
 * @param warnings lines accepted with a caveat (rbldnsd files), at most {@link
 *     dev.palisade.zonefile.ZoneFileParser#MAX_REPORTED_ISSUES} per input
 * @param warningCount how many warnings there were in all, including those not reported
 * @param directives each input's {@code $SOA}, {@code $NS} and {@code $TTL}, in input order
 */
public record ReadImport(
    List<String> names,
    List<EntryDraft> drafts,
    List<ZoneFileException> failures,
    List<ZoneFileIssue> warnings,
    int warningCount,
    List<ZoneFileDirectives> directives) {

  public ReadImport {
    names = List.copyOf(names);
    drafts = List.copyOf(drafts);
    failures = List.copyOf(failures);
    warnings = List.copyOf(warnings);
    directives = List.copyOf(directives);
  }

  /** Whether no line of any input is bad, so the drafts may be stored. */
  public boolean ok() {
    return failures.isEmpty();
  }

  /** Every reported bad line, input by input. */
  public List<ZoneFileIssue> errors() {
    List<ZoneFileIssue> all = new ArrayList<>();
    failures.forEach(failure -> all.addAll(failure.errors()));
    return all;
  }

  /** How many bad lines there are, including those not reported. */
  public int errorCount() {
    return failures.stream().mapToInt(ZoneFileException::errorCount).sum();
  }

  /** The line of the last input read at which reading stopped for too many bad lines; 0 if none. */
  public int stoppedAt() {
    return failures.isEmpty() ? 0 : failures.get(failures.size() - 1).stoppedAt();
  }

  /** Throws {@link ImportException} listing every bad line, if there is one. */
  public void requireGood() {
    if (!ok()) {
      throw new ImportException(failures);
    }
  }
}
