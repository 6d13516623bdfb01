package dev.palisade.imports;

import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import java.io.IOException;

/**
 * A format whose lines stand alone, read as they are pulled: numbers the lines, records a line that
 * is not text as bad, and drops a byte order mark on the first line and a {@code \r} ending a line
 * (files from Windows editors and spreadsheets).
 */
abstract class LineByLineReader implements DraftReader {

  private final TextLines lines;

  /** Where subclasses record bad lines. */
  protected final IssueCollector errors;

  private int lineNumber;

  LineByLineReader(TextLines lines, IssueCollector errors) {
    this.lines = lines;
    this.errors = errors;
  }

  @Override
  public final LineDraft next() throws IOException {
    while (true) {
      String line;
      try {
        line = lines.readLine();
      } catch (TextLines.BadLineException e) {
        errors.add(++lineNumber, "", e.getMessage());
        continue;
      }
      if (line == null) {
        return null;
      }
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      LineDraft draft = read(lineNumber, line);
      if (draft != null) {
        return draft;
      }
    }
  }

  /**
   * The draft on one line, or null for a line without one: blank, a comment, or bad (then recorded
   * in {@link #errors}).
   */
  abstract LineDraft read(int number, String line);

  static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
