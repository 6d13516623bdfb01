package dev.palisade.common;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes one line of CSV (RFC 4180): cells joined by commas, a cell quoted when it holds a comma, a
 * quote or a line break, its quotes doubled; the line ends with CRLF. Cells starting with {@code
 * =}, {@code +}, {@code -} or {@code @} are written as they are: they are data, and the exports are
 * read back by imports. Stateless.
 */
public final class CsvRow {

  private CsvRow() {}

  /** Writes the cells as one line; a null cell is empty. */
  public static void write(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      cell(out, cells.get(i));
    }
    out.write("\r\n");
  }

  private static void cell(Writer out, String text) throws IOException {
    if (text == null || text.isEmpty()) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < text.length() && !quote; i++) {
      char c = text.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.write(text);
      return;
    }
    out.write('"');
    out.write(text.replace("\"", "\"\""));
    out.write('"');
  }
}
