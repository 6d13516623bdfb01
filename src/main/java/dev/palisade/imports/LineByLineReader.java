package dev.palisade.imports;

import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.NumberedLines;
import dev.palisade.zonefile.TextLines;
import java.io.IOException;

/**
 * A format whose lines stand alone, read as they are pulled: numbers the lines, records a line that
 * is not text as bad, and drops a byte order mark on the first line and a {@code \r} ending a line
 * (files from Windows editors and spreadsheets).
 */
abstract class LineByLineReader implements DraftReader {

  private final NumberedLines lines;

  /** Where subclasses record bad lines. */
  protected final IssueCollector errors;

  LineByLineReader(TextLines lines, IssueCollector errors) {
    this.lines = new NumberedLines(lines, errors);
    this.errors = errors;
  }

  @Override
  public final LineDraft next() throws IOException {
    String line;
    while ((line = lines.next()) != null) {
      int number = lines.number();
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      LineDraft draft = read(number, line);
      if (draft != null) {
        return draft;
      }
    }
    return null;
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
