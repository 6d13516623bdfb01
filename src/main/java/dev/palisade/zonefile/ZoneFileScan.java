package dev.palisade.zonefile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the first read of a large data file learnt ({@link ZoneFileParser#scan}): its directives,
 * warnings and entry count for the caller, and for the second read ({@link ZoneFileParser#stream})
 * what later lines change in earlier ones — the {@code $1}..{@code $9} variables and each ip6tset's
 * value. Immutable once made; thread-safe.
 */
public final class ZoneFileScan {

  private final ZoneFileDirectives directives;
  private final List<ZoneFileIssue> warnings;
  private final int warningCount;
  private final long entries;
  private final TxtTemplates templates;
  private final List<ListedValue> setValues;

  ZoneFileScan(
      ZoneFileDirectives directives,
      List<ZoneFileIssue> warnings,
      int warningCount,
      long entries,
      TxtTemplates templates,
      List<ListedValue> setValues) {
    this.directives = directives;
    this.warnings = List.copyOf(warnings);
    this.warningCount = warningCount;
    this.entries = entries;
    this.templates = templates;
    // Datasets without a value are null: copied into a list that allows them.
    this.setValues = Collections.unmodifiableList(new ArrayList<>(setValues));
  }

  /** The file's {@code $SOA}, {@code $NS} and {@code $TTL}. */
  public ZoneFileDirectives directives() {
    return directives;
  }

  /** Lines accepted with a caveat, at most {@link ZoneFileParser#MAX_REPORTED_ISSUES}. */
  public List<ZoneFileIssue> warnings() {
    return warnings;
  }

  /** How many warnings there were, including those not reported. */
  public int warningCount() {
    return warningCount;
  }

  /** How many entries the file holds, repeated ones included. */
  public long entries() {
    return entries;
  }

  TxtTemplates templates() {
    return templates;
  }

  /** The value of the dataset with this index (in file order), or null when it has none. */
  ListedValue setValue(int dataset) {
    return dataset < setValues.size() ? setValues.get(dataset) : null;
  }
}
