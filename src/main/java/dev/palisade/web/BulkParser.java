package dev.palisade.web;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.ZoneFileContent;
import dev.palisade.zonefile.ZoneFileEntry;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileFormat;
import dev.palisade.zonefile.ZoneFileIssue;
import dev.palisade.zonefile.ZoneFileParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads pasted or uploaded lines into entry drafts, all or nothing: every bad line is reported with
 * its number, and drafts are only good to store when there is none. Formats:
 *
 * <ul>
 *   <li>{@code lines}: one address, network or domain per line, optionally followed by a reason;
 *       {@code #} starts a comment;
 *   <li>{@code ip4set}, {@code ip6trie}, {@code dnset}: rbldnsd data files, read by {@link
 *       ZoneFileParser} (exclusions {@code !x} become entries of the other list);
 *   <li>{@code csv}: {@code value,reason,return code,expires} — only the value is required; a first
 *       line starting with {@code value} is a header; expiry as {@code 2030-01-31T12:00:00Z}.
 * </ul>
 *
 * Stateless; thread-safe.
 */
final class BulkParser {

  /** Most entries one bulk add may hold, as for the API's bulk request. */
  static final int MAX_ENTRIES = 100_000;

  static final List<String> FORMATS = List.of("lines", "csv", "ip4set", "ip6trie", "dnset");

  private BulkParser() {}

  /** One line that cannot be stored, and why. */
  record BadLine(int line, String text, String message) {}

  /**
   * The outcome of reading the input.
   *
   * @param drafts the entries read, in input order
   * @param bad every bad line (the first 1000 for rbldnsd files), in line order
   * @param badCount how many lines are bad, including those not reported
   * @param warnings lines accepted with a caveat, such as a repeated entry
   */
  record Result(List<EntryDraft> drafts, List<BadLine> bad, int badCount, List<String> warnings) {

    public boolean ok() {
      return badCount == 0 && !drafts.isEmpty();
    }
  }

  static Result parse(String text, String format, ListKind kind, Instant expiresAt) {
    String input = text == null ? "" : text;
    Result result =
        switch (format == null ? "lines" : format) {
          case "csv" -> csv(input, kind, expiresAt);
          case "ip4set", "ip6trie", "dnset" ->
              rbldnsd(input, ZoneFileFormat.fromName(format), kind, expiresAt);
          default -> lines(input, kind, expiresAt);
        };
    if (result.drafts().size() > MAX_ENTRIES) {
      List<BadLine> bad = new ArrayList<>(result.bad());
      bad.add(
          new BadLine(
              0,
              "",
              result.drafts().size()
                  + " entries; at most "
                  + MAX_ENTRIES
                  + " can be added at once"));
      return new Result(result.drafts(), bad, result.badCount() + 1, result.warnings());
    }
    return result;
  }

  /** The input without the given lines (1-based), so the rest can be checked again. */
  static String withoutLines(String text, List<BadLine> bad) {
    java.util.Set<Integer> drop = new java.util.HashSet<>();
    bad.forEach(b -> drop.add(b.line()));
    String[] lines = (text == null ? "" : text).split("\r?\n", -1);
    StringBuilder out = new StringBuilder(text == null ? 0 : text.length());
    for (int i = 0; i < lines.length; i++) {
      if (!drop.contains(i + 1)) {
        if (!out.isEmpty()) {
          out.append('\n');
        }
        out.append(lines[i]);
      }
    }
    return out.toString();
  }

  private static Result lines(String text, ListKind kind, Instant expiresAt) {
    List<EntryDraft> drafts = new ArrayList<>();
    List<BadLine> bad = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = indexOfWhitespace(line);
      String value = space < 0 ? line : line.substring(0, space);
      String reason = space < 0 ? null : line.substring(space).strip();
      try {
        drafts.add(new EntryDraft(kind, EntryValue.parse(value), null, reason, expiresAt));
      } catch (IllegalArgumentException e) {
        bad.add(new BadLine(i + 1, lines[i], e.getMessage()));
      }
    }
    return new Result(drafts, bad, bad.size(), List.of());
  }

  private static Result csv(String text, ListKind kind, Instant expiresAt) {
    List<EntryDraft> drafts = new ArrayList<>();
    List<BadLine> bad = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      try {
        List<String> cells = CsvLine.split(line);
        if (drafts.isEmpty()
            && bad.isEmpty()
            && cells.get(0).strip().toLowerCase(Locale.ROOT).equals("value")) {
          continue; // the header
        }
        if (cells.size() > 4) {
          throw new IllegalArgumentException(
              cells.size() + " columns; expected value,reason,return code,expires");
        }
        String value = cells.get(0).strip();
        String reason = cells.size() > 1 ? cells.get(1) : null;
        String code = cells.size() > 2 ? cells.get(2).strip() : "";
        String expires = cells.size() > 3 ? cells.get(3).strip() : "";
        Instant expiry = expiresAt;
        if (!expires.isEmpty()) {
          try {
            expiry = OffsetDateTime.parse(expires).toInstant();
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                "expiry '" + expires + "' is not a date such as 2030-01-31T12:00:00Z");
          }
          if (!expiry.isAfter(Instant.now())) {
            throw new IllegalArgumentException("expiry '" + expires + "' is not in the future");
          }
        }
        drafts.add(
            new EntryDraft(
                kind,
                EntryValue.parse(value),
                code.isEmpty() ? null : ReturnCode.parse(code),
                reason,
                expiry));
      } catch (IllegalArgumentException e) {
        bad.add(new BadLine(i + 1, line, e.getMessage()));
      }
    }
    return new Result(drafts, bad, bad.size(), List.of());
  }

  private static Result rbldnsd(
      String text, ZoneFileFormat format, ListKind kind, Instant expiresAt) {
    try {
      ZoneFileContent content = ZoneFileParser.parse("input", new StringReader(text), kind, format);
      List<EntryDraft> drafts = new ArrayList<>(content.entries().size());
      for (ZoneFileEntry entry : content.entries()) {
        drafts.add(
            new EntryDraft(
                entry.kind(), entry.value(), entry.returnCode(), entry.reason(), expiresAt));
      }
      List<String> warnings = new ArrayList<>();
      for (ZoneFileIssue warning : content.warnings()) {
        warnings.add("line " + warning.line() + ": " + warning.message());
      }
      return new Result(drafts, List.of(), 0, warnings);
    } catch (ZoneFileException e) {
      List<BadLine> bad = new ArrayList<>();
      for (ZoneFileIssue issue : e.errors()) {
        bad.add(new BadLine(issue.line(), issue.text(), issue.message()));
      }
      return new Result(List.of(), bad, e.errorCount(), List.of());
    } catch (IllegalArgumentException e) {
      // A bad entry the parser passed on, e.g. a reason too long for DNS.
      return new Result(List.of(), List.of(new BadLine(0, "", e.getMessage())), 1, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
