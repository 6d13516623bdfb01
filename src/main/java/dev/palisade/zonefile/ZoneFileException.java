package dev.palisade.zonefile;

import java.util.BitSet;
import java.util.List;

/**
 * Thrown when a data file or manifest has bad lines. It carries every bad line found (up to {@link
 * ZoneFileParser#MAX_REPORTED_ISSUES}), so the whole file can be fixed in one pass, and nothing of
 * the file is meant to be stored.
 */
public class ZoneFileException extends RuntimeException {

  private final String fileName;
  private final transient List<ZoneFileIssue> errors;
  private final int errorCount;
  private final BitSet badLines;
  private final int stoppedAt;

  /**
   * @param fileName the file as the caller named it
   * @param errors the reported errors, in line order
   * @param errorCount how many errors were found, at least {@code errors.size()}
   */
  public ZoneFileException(String fileName, List<ZoneFileIssue> errors, int errorCount) {
    this(fileName, errors, errorCount, linesOf(errors), 0);
  }

  /**
   * As above, knowing the number of every bad line, reported or not ({@link IssueCollector}), and
   * the line where reading stopped for too many of them (0 when the whole file was read).
   */
  ZoneFileException(
      String fileName, List<ZoneFileIssue> errors, int errorCount, BitSet badLines, int stoppedAt) {
    super(summary(fileName, errors, errorCount, stoppedAt));
    this.fileName = fileName;
    this.errors = List.copyOf(errors);
    this.errorCount = errorCount;
    this.badLines = (BitSet) badLines.clone();
    this.stoppedAt = stoppedAt;
  }

  private static BitSet linesOf(List<ZoneFileIssue> errors) {
    BitSet lines = new BitSet();
    for (ZoneFileIssue error : errors) {
      if (error.line() > 0) {
        lines.set(error.line());
      }
    }
    return lines;
  }

  private static String summary(
      String fileName, List<ZoneFileIssue> errors, int errorCount, int stoppedAt) {
    StringBuilder out = new StringBuilder(fileName).append(": ");
    if (stoppedAt > 0) {
      out.append("more than ")
          .append(errorCount - 1)
          .append(" bad lines; reading stopped at line ")
          .append(stoppedAt);
    } else {
      out.append(errorCount).append(errorCount == 1 ? " bad line" : " bad lines");
    }
    int shown = Math.min(errors.size(), 10);
    for (int i = 0; i < shown; i++) {
      ZoneFileIssue error = errors.get(i);
      out.append("\n  line ").append(error.line()).append(": ").append(error.message());
    }
    if (errorCount > shown) {
      out.append("\n  ... and ").append(errorCount - shown).append(" more");
    }
    return out.toString();
  }

  /** The file as the caller named it. */
  public String fileName() {
    return fileName;
  }

  /** The reported errors in line order; at most {@link ZoneFileParser#MAX_REPORTED_ISSUES}. */
  public List<ZoneFileIssue> errors() {
    return errors;
  }

  /**
   * The number of every bad line (1-based), including those not reported when the thrower knew them
   * ({@link IssueCollector} does); a problem of the whole file (line 0) is not among them.
   */
  public BitSet badLines() {
    return (BitSet) badLines.clone();
  }

  /**
   * The line at which reading stopped because it was one bad line more than the reader accepts; 0
   * when the whole file was read. When it stopped, {@link #errorCount()} is that most plus one.
   */
  public int stoppedAt() {
    return stoppedAt;
  }

  /** How many bad lines were found, including those not reported. */
  public int errorCount() {
    return errorCount;
  }
}
