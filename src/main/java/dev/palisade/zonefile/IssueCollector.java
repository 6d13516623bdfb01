package dev.palisade.zonefile;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems found in one file: keeps the first {@link ZoneFileParser#MAX_REPORTED_ISSUES}
 * and counts all, so a file with millions of bad lines neither exhausts memory nor hides how many
 * there were. Not thread-safe; one per file being read.
 */
final class IssueCollector {

  /** Longest line text quoted in an issue; the rest is cut so a binary file cannot flood a log. */
  static final int MAX_QUOTED_TEXT = 200;

  private final String fileName;
  private final List<ZoneFileIssue> reported = new ArrayList<>();
  private int count;

  IssueCollector(String fileName) {
    this.fileName = fileName;
  }

  void add(int line, String text, String message) {
    count++;
    if (reported.size() < ZoneFileParser.MAX_REPORTED_ISSUES) {
      reported.add(new ZoneFileIssue(fileName, line, quote(text), message));
    }
  }

  int count() {
    return count;
  }

  List<ZoneFileIssue> reported() {
    return reported;
  }

  /** Throws a {@link ZoneFileException} carrying the collected issues as errors, if any. */
  void throwIfAny() {
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
