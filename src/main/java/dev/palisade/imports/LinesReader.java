package dev.palisade.imports;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import java.time.Instant;

/**
 * The {@code lines} format: one address, network or domain per line, optionally followed by blanks
 * and a reason ({@code 192.0.2.1 hit the trap}). Blank lines and lines starting with {@code #} are
 * skipped. Every entry goes to the import's list with the import's expiry.
 */
final class LinesReader extends LineByLineReader {

  private final ListKind kind;
  private final Instant expiresAt;

  LinesReader(TextLines lines, ListKind kind, Instant expiresAt, IssueCollector errors) {
    super(lines, errors);
    this.kind = kind;
    this.expiresAt = expiresAt;
  }

  @Override
  LineDraft read(int number, String line) {
    String content = line.strip();
    if (content.isEmpty() || content.startsWith("#")) {
      return null;
    }
    int blank = indexOfWhitespace(content);
    String value = blank < 0 ? content : content.substring(0, blank);
    String reason = blank < 0 ? null : content.substring(blank).strip();
    DraftFields fields = new DraftFields();
    EntryDraft draft = fields.draft(kind, fields.value(value), null, reason, expiresAt);
    if (draft == null) {
      errors.add(number, line, fields.message());
      return null;
    }
    return new LineDraft(number, draft);
  }
}
