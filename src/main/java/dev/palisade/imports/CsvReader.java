package dev.palisade.imports;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code csv} format: {@code value,reason,return code,expires}, one entry per line ({@link
 * CsvLine} splits it). Only the value is required; an empty or missing cell means the list's
 * default return code, no reason, or the import's expiry. A first line whose first cell is {@code
 * value} is a header; when it names more than four columns (as the web UI's CSV download does), the
 * lines may have that many cells and the others are not read. Blank lines and lines starting with
 * {@code #} are skipped. The expiry is a date and time with its offset ({@code
 * 2030-01-31T12:00:00Z}) and must be in the future.
 */
final class CsvReader extends LineByLineReader {

  /** What a line with too many cells is told. */
  static final String COLUMNS = "value,reason,return code,expires";

  private final ListKind kind;
  private final Instant expiresAt;
  private final Instant now;
  private boolean first = true;

  /** Cells a line may have: 4, or as many as a header names (the later ones are not read). */
  private int columns = 4;

  CsvReader(TextLines lines, ListKind kind, Instant expiresAt, Instant now, IssueCollector errors) {
    super(lines, errors);
    this.kind = kind;
    this.expiresAt = expiresAt;
    this.now = now;
  }

  @Override
  LineDraft read(int number, String line) {
    if (line.isBlank() || line.strip().startsWith("#")) {
      return null;
    }
    boolean header = first;
    first = false;
    List<String> cells;
    try {
      cells = CsvLine.split(line);
    } catch (IllegalArgumentException e) {
      errors.add(number, line, e.getMessage());
      return null;
    }
    if (header && cells.get(0).strip().toLowerCase(Locale.ROOT).equals("value")) {
      // A header may name more columns, as the web UI's CSV download has (list, type, times):
      // lines may then have that many cells, and the ones after the fourth are not read.
      columns = Math.max(4, cells.size());
      return null;
    }
    if (cells.size() > columns) {
      errors.add(number, line, cells.size() + " columns; expected " + COLUMNS);
      return null;
    }
    DraftFields fields = new DraftFields();
    EntryValue value = fields.value(cells.get(0).strip());
    String reason = cells.size() > 1 ? cells.get(1) : null;
    String code = cells.size() > 2 ? cells.get(2).strip() : "";
    Integer returnCode = fields.returnCode(code.isEmpty() ? null : code);
    Instant expiry = expiry(cells.size() > 3 ? cells.get(3).strip() : "", fields);
    EntryDraft draft = fields.draft(kind, value, returnCode, reason, expiry);
    if (draft == null) {
      errors.add(number, line, fields.message());
      return null;
    }
    return new LineDraft(number, draft);
  }

  private Instant expiry(String expires, DraftFields fields) {
    if (expires.isEmpty()) {
      return expiresAt;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(expires).toInstant();
    } catch (DateTimeParseException e) {
      fields.problem(
          DraftFields.EXPIRES_AT,
          "expiry '" + expires + "' is not a date such as 2030-01-31T12:00:00Z");
      return null;
    }
    return fields.expiresAt(at, "expiry '" + expires + "'", now);
  }
}
