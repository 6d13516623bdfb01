package dev.palisade.zonefile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Collects problems found in one input: keeps the first {@link ZoneFileParser#MAX_REPORTED_ISSUES}
 * and counts all, so a file with millions of bad lines neither exhausts memory nor hides how many
 * there were. The number of every line with a problem is kept too (one bit a line), so a caller can
 * drop all of them, not only the reported ones. Every reader of lists uses one per input, for its
 * errors and for its warnings. A collector may be given a most it accepts: the problem after it
 * throws the collected ones ({@link ZoneFileException#stoppedAt()} names its line), so that a file
 * of millions of bad lines stops being read rather than being read to its end. Not thread-safe; one
 * per input being read.
 */
public final class IssueCollector {

  /** Longest line text quoted in an issue; the rest is cut so a binary file cannot flood a log. */
  static final int MAX_QUOTED_TEXT = 200;

  private final String fileName;
  private final int maxCount;
  private final List<ZoneFileIssue> reported = new ArrayList<>();
  private final BitSet lines = new BitSet();
  private int count;
  private int stoppedAt;

  /** Collects the problems of the input named so in messages, as many as there are. */
  public IssueCollector(String fileName) {
    this(fileName, Integer.MAX_VALUE);
  }

  /**
   * Collects the problems of the input named so in messages, at most {@code maxCount}: {@link #add}
   * of one more throws.
   */
  public IssueCollector(String fileName, int maxCount) {
    if (maxCount < 0) {
      throw new IllegalArgumentException("maxCount is negative: " + maxCount);
    }
    this.fileName = fileName;
    this.maxCount = maxCount;
  }

  /**
   * One problem on one line; {@code text} is the line, quoted shortened and stripped.
   *
   * @throws ZoneFileException with every problem so far, this one included, when this one is more
   *     than the collector accepts; its {@link ZoneFileException#stoppedAt()} is {@code line}
   */
  public void add(int line, String text, String message) {
    count++;
    if (line > 0) {
      lines.set(line);
    }
    if (reported.size() < ZoneFileParser.MAX_REPORTED_ISSUES) {
      reported.add(new ZoneFileIssue(fileName, line, quote(text), message));
    }
    if (count > maxCount) {
      stoppedAt = Math.max(line, 1);
      throw toException();
    }
  }

  /**
   * Problems collected elsewhere, e.g. by a parser that read this input: their count too, but of
   * the lines only those of the issues given.
   */
  public void addAll(List<ZoneFileIssue> issues, int issueCount) {
    count += issueCount;
    for (ZoneFileIssue issue : issues) {
      if (issue.line() > 0) {
        lines.set(issue.line());
      }
    }
    for (ZoneFileIssue issue : issues) {
      if (reported.size() == ZoneFileParser.MAX_REPORTED_ISSUES) {
        break;
      }
      reported.add(issue);
    }
  }

  /**
   * The errors of a parser that read this input: all of them, with every bad line's number, and
   * where the parser stopped if it did. Never throws.
   */
  public void addAll(ZoneFileException e) {
    addAll(e.errors(), e.errorCount());
    lines.or(e.badLines());
    if (e.stoppedAt() > 0) {
      stoppedAt = e.stoppedAt();
    }
  }

  /** The line at which reading stopped for too many problems; 0 while it goes on. */
  public int stoppedAt() {
    return stoppedAt;
  }

  /** How many problems were added, including those not kept. */
  public int count() {
    return count;
  }

  /** The problems kept, in the order added. */
  public List<ZoneFileIssue> reported() {
    return reported;
  }

  /** The number of every line with a problem, including those not kept; 1-based. */
  public BitSet lines() {
    return (BitSet) lines.clone();
  }

  /** The collected issues as errors, with every bad line's number; null when there is none. */
  public ZoneFileException toException() {
    return count == 0 ? null : new ZoneFileException(fileName, reported, count, lines, stoppedAt);
  }

  /** Throws a {@link ZoneFileException} carrying the collected issues as errors, if any. */
  public void throwIfAny() {
    if (count > 0) {
      throw toException();
    }
  }

  private static String quote(String text) {
    String stripped = text.strip();
    return stripped.length() <= MAX_QUOTED_TEXT
        ? stripped
        : stripped.substring(0, MAX_QUOTED_TEXT) + "...";
  }
}
