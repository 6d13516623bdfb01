package dev.palisade.zonefile;

import java.io.IOException;

/**
 * The lines of a {@link TextLines} numbered from 1 as a person counts them in an editor: a line
 * that cannot be read as text still takes its number, is recorded as bad in the given {@link
 * IssueCollector} and skipped. Every reader of block and allow lists numbers its lines this way, so
 * an error names the same line whatever the format. Not thread-safe.
 */
public final class NumberedLines {

  private final TextLines lines;
  private final IssueCollector errors;
  private int number;

  public NumberedLines(TextLines lines, IssueCollector errors) {
    this.lines = lines;
    this.errors = errors;
  }

  /**
   * The next line that is text, without its line break, or null at the end; {@link #number()} is
   * then its number.
   *
   * @throws IOException if reading fails
   */
  public String next() throws IOException {
    while (true) {
      String line;
      try {
        line = lines.readLine();
      } catch (TextLines.BadLineException e) {
        errors.add(++number, "", e.getMessage());
        continue;
      }
      if (line != null) {
        number++;
      }
      return line;
    }
  }

  /** The number of the line {@link #next()} returned last; 0 before the first. */
  public int number() {
    return number;
  }
}
