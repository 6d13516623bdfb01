package dev.palisade.imports;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import dev.palisade.zonefile.ZoneFileContent;
import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileEntry;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileFormat;
import dev.palisade.zonefile.ZoneFileParser;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;

/**
 * rbldnsd data files ({@code ip4set}, {@code ip4trie}, {@code ip6trie}, {@code ip6tset}, {@code
 * dnset}, {@code combined}), read by {@link ZoneFileParser}: exclusions ({@code !entry}) become
 * entries of the other list, and each entry's A value and TXT become its return code and reason.
 * The file is parsed whole on the first pull (a later line can change earlier entries), then its
 * entries are handed out one by one, each checked as a draft: a reason a mail server could not
 * quote (not printable ASCII, too long) is a bad line.
 */
final class RbldnsdReader implements DraftReader {

  private final String name;
  private final TextLines lines;
  private final ListKind kind;
  private final ZoneFileFormat format;
  private final Instant expiresAt;
  private final IssueCollector errors;
  private final IssueCollector warnings;
  private final ImportBudget budget;
  private Iterator<ZoneFileEntry> entries;
  private ZoneFileDirectives directives = ZoneFileDirectives.NONE;

  RbldnsdReader(
      String name,
      TextLines lines,
      ListKind kind,
      ZoneFileFormat format,
      Instant expiresAt,
      IssueCollector errors,
      IssueCollector warnings,
      ImportBudget budget) {
    this.name = name;
    this.lines = lines;
    this.kind = kind;
    this.format = format;
    this.expiresAt = expiresAt;
    this.errors = errors;
    this.warnings = warnings;
    this.budget = budget;
  }

  @Override
  public LineDraft next() throws IOException {
    if (entries == null) {
      entries = parse();
    }
    while (entries.hasNext()) {
      ZoneFileEntry entry = entries.next();
      DraftFields fields = new DraftFields();
      EntryDraft draft =
          fields.draft(entry.kind(), entry.value(), entry.returnCode(), entry.reason(), expiresAt);
      if (draft != null) {
        return new LineDraft(entry.line(), draft);
      }
      // The parser reads any UTF-8 text; a reason must be printable ASCII.
      errors.add(entry.line(), entry.value().canonical(), fields.message());
    }
    return null;
  }

  @Override
  public ZoneFileDirectives directives() {
    return directives;
  }

  private Iterator<ZoneFileEntry> parse() throws IOException {
    ZoneFileContent content;
    try {
      content =
          ZoneFileParser.parse(
              name, lines, kind, format, budget.limits().maxBadLines(), budget::parsedEntry);
    } catch (ZoneFileException e) {
      errors.addAll(e);
      return Collections.emptyIterator();
    }
    warnings.addAll(content.warnings(), content.warningCount());
    directives = content.directives();
    return content.entries().iterator();
  }
}
