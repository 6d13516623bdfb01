package dev.palisade.zonefile;

import dev.palisade.listing.EntryValue;
import dev.palisade.listing.EntryValue.DomainPattern;
import dev.palisade.listing.EntryValue.Ip4Network;
import dev.palisade.listing.InvalidEntryException;
import dev.palisade.listing.ListKind;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads one rbldnsd data file (ip4set, ip4trie, ip6trie or dnset) into Palisade entries. All or
 * nothing: either every line is understood and a {@link ZoneFileContent} is returned, or a {@link
 * ZoneFileException} lists every bad line (the first {@link #MAX_REPORTED_ISSUES}, with the total
 * count), so a caller never stores part of a file. Entry text goes through {@link
 * EntryValue#parse}, the one parser of entry syntax.
 *
 * <p>Lines, as in rbldnsd: blank lines and lines starting with {@code #} or {@code ;} are comments;
 * {@code $NAME ...} (also {@code #$}, {@code ;$}, {@code :$}) is a directive; {@code :A:TXT} sets
 * the default value for the following lines; {@code !entry} is an exclusion, read as an entry of
 * the opposite kind (an exclusion in a block list is an allow entry, which wins over the block
 * entries it is inside); any other line is an entry optionally followed by a value ({@code :A:TXT},
 * {@code :A:}, {@code :A} or plain TXT). The same entry twice keeps the first, with a warning.
 *
 * <p>Streams line by line without regular expressions, so files of millions of lines need memory
 * for their entries only. Thread-safe: each call reads with its own state.
 */
public final class ZoneFileParser {

  /** At most this many errors or warnings are kept per file; all are counted. */
  public static final int MAX_REPORTED_ISSUES = 1000;

  private final String fileName;
  private final ListKind kind;
  private final ZoneFileFormat format;
  private final IssueCollector errors;
  private final IssueCollector warnings;
  private final TxtTemplates templates = new TxtTemplates();
  private final DirectiveParser directives = new DirectiveParser(templates);
  private final List<ZoneFileEntry> entries = new ArrayList<>();
  private final Map<EntryValue, Integer> listedLines = new HashMap<>();
  private final Map<EntryValue, Integer> excludedLines = new HashMap<>();
  private ListedValue defaults = ListedValue.NONE;
  private int lineNumber;
  private String line;
  private final Consumer<String> lineWarnings;

  private ZoneFileParser(String fileName, ListKind kind, ZoneFileFormat format) {
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.format = Objects.requireNonNull(format, "format");
    this.errors = new IssueCollector(fileName);
    this.warnings = new IssueCollector(fileName);
    this.lineWarnings = message -> warnings.add(lineNumber, line, message);
  }

  /**
   * Reads a data file from characters.
   *
   * @param fileName names the file in errors and warnings
   * @param kind the list the file feeds; exclusions become entries of the other kind
   * @param format the rbldnsd dataset type of the file
   * @throws ZoneFileException if any line is bad, listing them all
   * @throws IOException if reading fails
   */
  public static ZoneFileContent parse(
      String fileName, Reader in, ListKind kind, ZoneFileFormat format) throws IOException {
    BufferedReader reader =
        in instanceof BufferedReader buffered ? buffered : new BufferedReader(in, 1 << 16);
    return new ZoneFileParser(fileName, kind, format).read(reader::readLine);
  }

  /**
   * Reads a data file from bytes: UTF-8, or gzip-compressed UTF-8 as rbldnsd also reads. A line
   * that is not valid UTF-8 is a bad line like any other. Does not close the stream.
   *
   * @see #parse(String, Reader, ListKind, ZoneFileFormat)
   */
  public static ZoneFileContent parse(
      String fileName, InputStream in, ListKind kind, ZoneFileFormat format) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
    buffered.reset();
    InputStream bytes = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    return new ZoneFileParser(fileName, kind, format).read(new Utf8LineReader(bytes)::readLine);
  }

  /**
   * Reads a data file from disk, naming it by its path in errors and warnings.
   *
   * @see #parse(String, InputStream, ListKind, ZoneFileFormat)
   */
  public static ZoneFileContent parse(Path file, ListKind kind, ZoneFileFormat format)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(file.toString(), in, kind, format);
    }
  }

  private ZoneFileContent read(LineSource lines) throws IOException {
    while (true) {
      try {
        line = lines.readLine();
      } catch (Utf8LineReader.BadLineException e) {
        errors.add(++lineNumber, "", e.getMessage());
        continue;
      }
      if (line == null) {
        break;
      }
      lineNumber++;
      try {
        parseLine();
      } catch (InvalidEntryException e) {
        errors.add(lineNumber, line, e.getMessage());
      }
    }
    errors.throwIfAny();
    renderTemplates();
    return new ZoneFileContent(
        fileName, entries, directives.result(), warnings.reported(), warnings.count());
  }

  private void parseLine() {
    int start = 0;
    int end = line.length();
    if (lineNumber == 1 && end > 0 && line.charAt(0) == '\uFEFF') {
      start = 1; // a byte order mark some editors write
    }
    while (start < end && isBlank(line.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(line.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return;
    }
    char first = line.charAt(start);
    char second = start + 1 < end ? line.charAt(start + 1) : 0;
    if (first == '$') {
      directives.parse(lineNumber, line.substring(start + 1, end), lineWarnings);
      return;
    }
    // rbldnsd reads "#$", ";$" and ":$" as directives too, for files shared with djbdns' rbldns.
    if ((first == '#' || first == ';' || first == ':') && second == '$') {
      directives.parse(lineNumber, line.substring(start + 2, end), lineWarnings);
      return;
    }
    if (first == '#' || first == ';') {
      return;
    }
    if (first == ':') {
      defaults = ValueSyntax.parseDefault(line, start, end);
      return;
    }
    boolean exclusion = first == '!';
    if (exclusion) {
      start++;
      while (start < end && isBlank(line.charAt(start))) {
        start++;
      }
      if (start == end) {
        throw new InvalidEntryException("'!' must be followed by the entry to exclude");
      }
    }
    int tokenEnd =
        switch (format) {
          case IP4SET, IP4TRIE -> Ip4Syntax.tokenEnd(line, start, end);
          case IP6TRIE -> Ip6Syntax.tokenEnd(line, start, end);
          // A name ends where an IPv4 entry does: ':', '#' and ';' cannot occur in one.
          case DNSET -> Ip4Syntax.tokenEnd(line, start, end);
        };
    if (tokenEnd == start) {
      throw new InvalidEntryException("a line must start with an entry, '!', ':', '$' or '#'");
    }
    String token = line.substring(start, tokenEnd);
    // An exclusion ignores any value, as in rbldnsd; it only punches a hole.
    ListedValue value = exclusion ? null : ValueSyntax.parse(line, tokenEnd, end, defaults);
    switch (format) {
      case IP4SET, IP4TRIE -> addIp4(token, exclusion, value);
      case IP6TRIE -> add(Ip6Syntax.parse(token, lineWarnings), exclusion, value);
      case DNSET -> add(domain(token), exclusion, value);
    }
  }

  private void addIp4(String token, boolean exclusion, ListedValue value) {
    List<Ip4Network> networks =
        Ip4Syntax.parse(token, format == ZoneFileFormat.IP4SET, lineWarnings);
    long maxRange = directives.maxRange4();
    if (maxRange > 0) {
      long size = 0;
      for (Ip4Network network : networks) {
        size += 1L << (32 - network.prefixLength());
      }
      if (size > maxRange) {
        lineWarnings.accept(
            "'"
                + token
                + "' covers "
                + size
                + " addresses, more than $MAXRANGE4 allows ("
                + maxRange
                + "); skipped as rbldnsd does");
        return;
      }
    }
    for (Ip4Network network : networks) {
      add(network, exclusion, value);
    }
  }

  private static DomainPattern domain(String token) {
    if (EntryValue.parse(token) instanceof DomainPattern pattern) {
      return pattern;
    }
    throw new InvalidEntryException(
        "'" + token + "' is an IP address; dnset files list domain names");
  }

  private void add(EntryValue value, boolean exclusion, ListedValue listed) {
    Map<EntryValue, Integer> seen = exclusion ? excludedLines : listedLines;
    Integer firstLine = seen.putIfAbsent(value, lineNumber);
    if (firstLine != null) {
      lineWarnings.accept(
          "'" + value.canonical() + "' repeats line " + firstLine + "; the first one counts");
      return;
    }
    if (exclusion) {
      entries.add(new ZoneFileEntry(lineNumber, opposite(kind), value, null, null));
    } else {
      entries.add(new ZoneFileEntry(lineNumber, kind, value, listed.returnCode(), listed.reason()));
    }
  }

  /** Expands $1..$9 once the whole file is read, since rbldnsd lets a line use them early. */
  private void renderTemplates() {
    String lastIn = null;
    String lastOut = null;
    for (int i = 0; i < entries.size(); i++) {
      ZoneFileEntry entry = entries.get(i);
      String reason = entry.reason();
      if (reason == null) {
        continue;
      }
      // Lines without their own text share the default's String; render it once.
      if (reason != lastIn) {
        lastIn = reason;
        lastOut = templates.render(reason);
      }
      if (!reason.equals(lastOut)) {
        entries.set(
            i,
            new ZoneFileEntry(
                entry.line(), entry.kind(), entry.value(), entry.returnCode(), lastOut));
      }
    }
  }

  /** Where lines come from: a {@link BufferedReader} or a {@link Utf8LineReader}. */
  @FunctionalInterface
  private interface LineSource {
    /** The next line without its terminator, or null at the end. */
    String readLine() throws IOException;
  }

  private static ListKind opposite(ListKind kind) {
    return kind == ListKind.BLOCK ? ListKind.ALLOW : ListKind.BLOCK;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b';
  }
}
