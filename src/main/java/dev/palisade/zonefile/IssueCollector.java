package dev.palisade.zonefile;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems found in one input: keeps the first {@link ZoneFileParser#MAX_REPORTED_ISSUES}
 * and counts all, so a file with millions of bad lines neither exhausts memory nor hides how many
 * there were. Every reader of lists uses one per input, for its errors and for its warnings. Not
 * thread-safe; one per input being read.
 */
public final class IssueCollector {

  /** Longest line text quoted in an issue; the rest is cut so a binary file cannot flood a log. */
  static final int MAX_QUOTED_TEXT = 200;

  private final String fileName;
  private final List<ZoneFileIssue> reported = new ArrayList<>();
  private int count;

  /** Collects the problems of the input named so in messages. */
  public IssueCollector(String fileName) {
    this.fileName = fileName;
  }

  /** One problem on one line; {@code text} is the line, quoted shortened and stripped. */
  public void add(int line, String text, String message) {
    count++;
    if (reported.size() < ZoneFileParser.MAX_REPORTED_ISSUES) {
      reported.add(new ZoneFileIssue(fileName, line, quote(text), message));
    }
  }

  /** Problems collected elsewhere, e.g. by a parser that read this input: their count too. */
  public void addAll(List<ZoneFileIssue> issues, int issueCount) {
    count += issueCount;
    for (ZoneFileIssue issue : issues) {
      if (reported.size() == ZoneFileParser.MAX_REPORTED_ISSUES) {
        break;
      }
      reported.add(issue);
    }
  }

  /** How many problems were added, including those not kept. */
  public int count() {
    return count;
  }

  /** The problems kept, in the order added. */
  public List<ZoneFileIssue> reported() {
    return reported;
  }

  /** Throws a {@link ZoneFileException} carrying the collected issues as errors, if any. */
  public void throwIfAny() {
    if (count > 0) {
      throw new ZoneFileException(fileName, reported, count);
    }
  }

  private static String quote(String text) {
    String stripped = text.strip();
    return stripped.length() <= MAX_QUOTED_TEXT
        ? stripped
        : stripped.substring(0, MAX_QUOTED_TEXT) + "...";
  }
}
