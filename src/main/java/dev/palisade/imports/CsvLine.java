package dev.palisade.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into cells (RFC 4180: commas, double quotes around cells that hold commas or
 * quotes, {@code ""} for a quote inside). A quoted cell cannot span lines here: entries never need
 * line breaks. Stateless.
 */
final class CsvLine {

  private CsvLine() {}

  /** The cells of the line; {@link IllegalArgumentException} for an unterminated quote. */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.toString().isBlank()) {
        cell.setLength(0);
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quote is not closed");
    }
    cells.add(cell.toString());
    return cells;
  }
}
