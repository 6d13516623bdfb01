package dev.palisade.web;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportFormat;
import dev.palisade.imports.ImportLimits;
import dev.palisade.imports.ImportReader;
import dev.palisade.imports.ImportSource;
import dev.palisade.imports.ImportSpec;
import dev.palisade.imports.Imports;
import dev.palisade.imports.ReadImport;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The bulk page's preview of pasted or uploaded lines: the import pipeline ({@link ImportReader})
 * reads them in one of the {@link ImportFormat}s, the same as the REST API and the command line,
 * and this shapes the outcome for the page: the drafts read, the first bad lines with their
 * numbers, how many there are, and the text without every one of them. Drafts are only good to
 * store when there is no bad line; {@link Imports#store} enforces that. Stateless; thread-safe.
 */
final class BulkPreview {

  private BulkPreview() {}

  /** One line that cannot be stored, and why; line 0 for a problem of the whole input. */
  record BadLine(int line, String text, String message) {}

  /**
   * The outcome of reading the input.
   *
   * @param drafts the entries read, in input order
   * @param bad the bad lines to show (the first 1000), in line order
   * @param badCount how many lines are bad, including those not shown (those read, when the reading
   *     stopped at the limit of bad lines)
   * @param warnings lines accepted with a caveat, such as a repeated entry
   * @param read the pipeline's reading, to store when {@link #ok()}
   */
  record Result(
      List<EntryDraft> drafts,
      List<BadLine> bad,
      int badCount,
      List<String> warnings,
      ReadImport read) {

    public boolean ok() {
      return badCount == 0 && !drafts.isEmpty();
    }

    /** The line at which reading stopped for too many bad lines; 0 when all was read. */
    public int stoppedAt() {
      return read.stoppedAt();
    }

    /** The most bad lines read before reading stops ({@code palisade.imports.max-bad-lines}). */
    public int maxBadLines() {
      return badCount - 1;
    }

    /** The number (1-based) of every bad line, shown or not. */
    BitSet badLines() {
      BitSet lines = new BitSet();
      for (ZoneFileException failure : read.failures()) {
        lines.or(failure.badLines());
      }
      return lines;
    }
  }

  /**
   * Reads the text in the named format ({@code lines} when null), every entry going to the list
   * {@code kind} (rbldnsd exclusions become exclusions) with the given expiry unless a CSV line has
   * its own, which must be after {@code now}; within {@code limits}, as the REST API's import.
   *
   * @throws dev.palisade.imports.ImportLimitException when the text is larger than the limits
   */
  static Result read(
      String text,
      String format,
      ListKind kind,
      Instant expiresAt,
      Instant now,
      ImportLimits limits) {
    ImportSpec spec =
        new ImportSpec(
            kind,
            format == null ? ImportFormat.LINES : ImportFormat.fromName(format),
            expiresAt,
            limits);
    ReadImport read;
    try {
      read = ImportReader.read(spec, List.of(ImportSource.ofText("input", text)), now);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // text in memory does not fail to read
    }
    List<BadLine> bad = new ArrayList<>();
    for (ZoneFileIssue issue : read.errors()) {
      bad.add(new BadLine(issue.line(), issue.text(), issue.message()));
    }
    List<String> warnings = new ArrayList<>();
    for (ZoneFileIssue warning : read.warnings()) {
      warnings.add("line " + warning.line() + ": " + warning.message());
    }
    return new Result(read.drafts(), bad, read.errorCount(), warnings, read);
  }

  /**
   * The input without every bad line of its reading, shown on the page or not, so the rest can be
   * checked again in one step.
   */
  static String withoutBadLines(String text, Result result) {
    BitSet drop = result.badLines();
    String[] lines = (text == null ? "" : text).split("\r?\n", -1);
    StringBuilder out = new StringBuilder(text == null ? 0 : text.length());
    for (int i = 0; i < lines.length; i++) {
      if (!drop.get(i + 1)) {
        if (!out.isEmpty()) {
          out.append('\n');
        }
        out.append(lines[i]);
      }
    }
    return out.toString();
  }
}
