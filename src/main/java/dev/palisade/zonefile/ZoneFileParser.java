package dev.palisade.zonefile;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
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

/**
 * Reads one rbldnsd data file (ip4set, ip4trie, ip6trie, ip6tset, dnset or combined) into Palisade
 * entries. All or nothing: either every line is understood and a {@link ZoneFileContent} is
 * returned, or a {@link ZoneFileException} lists every bad line (the first {@link
 * #MAX_REPORTED_ISSUES}, with the total count), so a caller never stores part of a file. Entry text
 * goes through {@link EntryValue#parse}, the one parser of entry syntax.
 *
 * <p>Lines, as in rbldnsd: blank lines and lines starting with {@code #} or {@code ;} are comments;
 * {@code $NAME ...} (also {@code #$}, {@code ;$}, {@code :$}) is a directive; {@code :A:TXT} sets
 * the default value for the following lines; {@code !entry} is an exclusion, read as an {@link
 * ListKind#EXCLUDE} entry, which takes the name out of the lists without allowing it (in a block
 * list or an allow list alike); any other line is an entry optionally followed by a value ({@code
 * :A:TXT}, {@code :A:}, {@code :A} or plain TXT). The same entry twice keeps the first, with a
 * warning.
 *
 * <p>{@code ip6tset} lists /64 networks and excludes single addresses; its entries carry no value
 * of their own: the file's first {@code :A:TXT} line is the value of every entry, before or after
 * it, as in rbldnsd. A {@code combined} file is a common section of directives followed by
 * datasets, each starting with {@code $DATASET type[:name] subzone...} and read in that type's
 * syntax with its own default value. Every subzone must be {@code @}: the imported list is one zone
 * (its IPv4 and IPv6 entries the {@code bl} or {@code wl} zone, its names the {@code dbl} or {@code
 * dwl} zone), so a dataset for another subzone has nowhere to go and is a bad line.
 *
 * <p>Reads line by line without regular expressions. {@link #parse} keeps the file's entries; for
 * files of millions of lines, {@link #scan} then {@link #stream} read the file twice and keep none:
 * the scan checks every line and learns what a later line can change in earlier ones (the {@code
 * $1}..{@code $9} variables, an ip6tset's value), the stream hands each entry over as it is read,
 * finished with what the scan learnt. Streamed entries are not checked for repeats (that would hold
 * every value); the caller keeps the first of a repeated value, as rbldnsd does. Thread-safe: each
 * call reads with its own state.
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

  /**
   * Keeps the entries and checks them for repeats ({@link #parse}); not when scanning or streaming.
   */
  private final boolean keep;

  /** Where a stream hands its entries; null when parsing or scanning. */
  private final Consumer<ZoneFileEntry> sink;

  /** What the scan before a stream learnt; null when parsing or scanning. */
  private final ZoneFileScan prepared;

  /** Each finished dataset's ip6tset value (null when none, or not an ip6tset), in file order. */
  private final List<ListedValue> setValues = new ArrayList<>();

  private long entryCount;
  private String lastReasonIn;
  private String lastReasonOut;
  private final Map<EntryValue, Integer> listedLines = new HashMap<>();
  private final Map<EntryValue, Integer> excludedLines = new HashMap<>();
  private ListedValue defaults = ListedValue.NONE;

  /** The syntax of the current lines; in a combined file null before the first $DATASET. */
  private ZoneFileFormat dataset;

  /** In a combined file: inside a dataset that was refused, whose lines are skipped. */
  private boolean skipping;

  /** Index in {@link #entries} where the current dataset's entries begin. */
  private int datasetStart;

  /** An ip6tset's value: its first default line, or null. */
  private ListedValue setValue;

  private int lineNumber;
  private String line;
  private final Consumer<String> lineWarnings;
  private final Runnable onEntry;

  private ZoneFileParser(
      String fileName,
      ListKind kind,
      ZoneFileFormat format,
      int maxErrors,
      Runnable onEntry,
      boolean keep,
      Consumer<ZoneFileEntry> sink,
      ZoneFileScan prepared) {
    this.keep = keep;
    this.sink = sink;
    this.prepared = prepared;
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.format = Objects.requireNonNull(format, "format");
    this.onEntry = Objects.requireNonNull(onEntry, "onEntry");
    this.errors = new IssueCollector(fileName, maxErrors);
    this.warnings = new IssueCollector(fileName);
    this.lineWarnings = message -> warnings.add(lineNumber, line, message);
    this.dataset = format == ZoneFileFormat.COMBINED ? null : format;
  }

  /**
   * Reads a data file from characters.
   *
   * @param fileName names the file in errors and warnings
   * @param kind the list the file feeds; exclusions become {@link ListKind#EXCLUDE} entries
   * @param format the rbldnsd dataset type of the file
   * @throws ZoneFileException if any line is bad, listing them all
   * @throws IOException if reading fails
   */
  public static ZoneFileContent parse(
      String fileName, Reader in, ListKind kind, ZoneFileFormat format) throws IOException {
    return parse(fileName, TextLines.of(in), kind, format);
  }

  /**
   * Reads a data file from bytes: UTF-8, or gzip-compressed UTF-8 as rbldnsd also reads ({@link
   * TextLines#of(InputStream)}). A line that is not valid UTF-8 is a bad line like any other. Does
   * not close the stream.
   *
   * @see #parse(String, Reader, ListKind, ZoneFileFormat)
   */
  public static ZoneFileContent parse(
      String fileName, InputStream in, ListKind kind, ZoneFileFormat format) throws IOException {
    return parse(fileName, TextLines.of(in), kind, format);
  }

  /**
   * Reads a data file from lines already split; a {@link TextLines.BadLineException} is a bad line
   * like any other.
   *
   * @see #parse(String, Reader, ListKind, ZoneFileFormat)
   */
  public static ZoneFileContent parse(
      String fileName, TextLines lines, ListKind kind, ZoneFileFormat format) throws IOException {
    return parse(fileName, lines, kind, format, Integer.MAX_VALUE, () -> {});
  }

  /**
   * Reads a data file from lines already split, within a caller's bounds: the reading stops at the
   * bad line after {@code maxErrors} (a {@link ZoneFileException} whose {@link
   * ZoneFileException#stoppedAt()} names that line), and {@code onEntry} runs before each entry is
   * kept, so a caller can stop a file whose ranges expand to more entries than it accepts by
   * throwing from it (the exception passes through unchanged).
   *
   * @see #parse(String, Reader, ListKind, ZoneFileFormat)
   */
  public static ZoneFileContent parse(
      String fileName,
      TextLines lines,
      ListKind kind,
      ZoneFileFormat format,
      int maxErrors,
      Runnable onEntry)
      throws IOException {
    ZoneFileParser parser = check(fileName, lines, kind, format, maxErrors, onEntry, true);
    parser.renderTemplates();
    return new ZoneFileContent(
        fileName,
        parser.entries,
        parser.directives.result(),
        parser.warnings.reported(),
        parser.warnings.count());
  }

  /**
   * The first of two reads of a large file: checks every line as {@link #parse} does, within the
   * same bounds, and keeps no entry, only what {@link #stream} needs to finish each entry as it
   * reads it. Repeated entries are not reported.
   *
   * @throws ZoneFileException if any line is bad, listing them all
   */
  public static ZoneFileScan scan(
      String fileName,
      TextLines lines,
      ListKind kind,
      ZoneFileFormat format,
      int maxErrors,
      Runnable onEntry)
      throws IOException {
    ZoneFileParser parser = check(fileName, lines, kind, format, maxErrors, onEntry, false);
    return new ZoneFileScan(
        parser.directives.result(),
        parser.warnings.reported(),
        parser.warnings.count(),
        parser.entryCount,
        parser.templates,
        parser.setValues);
  }

  /**
   * The second read of a file {@link #scan} read: hands each entry to {@code sink} as it is read,
   * as {@link #parse} would have returned it, except that a repeated entry is handed over again.
   *
   * @throws ZoneFileException if a line is bad after all (the file changed since the scan), after
   *     the entries before it were handed over
   */
  public static void stream(
      String fileName,
      TextLines lines,
      ListKind kind,
      ZoneFileFormat format,
      ZoneFileScan scan,
      Consumer<ZoneFileEntry> sink)
      throws IOException {
    new ZoneFileParser(
            fileName,
            kind,
            format,
            MAX_REPORTED_ISSUES,
            () -> {},
            false,
            Objects.requireNonNull(sink, "sink"),
            Objects.requireNonNull(scan, "scan"))
        .read(lines);
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

  /**
   * Reads every line of a file, as {@link #parse} does ({@code keep}: the entries are kept and
   * checked for repeats) and {@link #scan} does (keeping none); the parser holds what was read.
   *
   * @throws ZoneFileException if any line is bad, listing them all
   */
  private static ZoneFileParser check(
      String fileName,
      TextLines lines,
      ListKind kind,
      ZoneFileFormat format,
      int maxErrors,
      Runnable onEntry,
      boolean keep)
      throws IOException {
    ZoneFileParser parser =
        new ZoneFileParser(fileName, kind, format, maxErrors, onEntry, keep, null, null);
    parser.read(lines);
    return parser;
  }

  private void read(TextLines text) throws IOException {
    NumberedLines lines = new NumberedLines(text, errors);
    while ((line = lines.next()) != null) {
      lineNumber = lines.number();
      try {
        parseLine();
      } catch (InvalidEntryException e) {
        errors.add(lineNumber, line, e.getMessage());
      }
    }
    finishDataset();
    errors.throwIfAny();
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
    // rbldnsd reads "#$", ";$" and ":$" as directives too, for files shared with djbdns' rbldns.
    if (first == '$' || ((first == '#' || first == ';' || first == ':') && second == '$')) {
      directive(line.substring(first == '$' ? start + 1 : start + 2, end));
      return;
    }
    if (skipping || first == '#' || first == ';') {
      return;
    }
    if (dataset == null) {
      throw new InvalidEntryException(
          "a combined file has entries only after a $DATASET line (rbldnsd refuses this too)");
    }
    if (first == ':') {
      ListedValue value = ValueSyntax.parseDefault(line, start, end);
      if (dataset != ZoneFileFormat.IP6TSET) {
        defaults = value;
      } else if (setValue == null) {
        setValue = value;
      } else {
        lineWarnings.accept(
            "an ip6tset has one value, its first default line; this one is ignored as rbldnsd"
                + " does");
      }
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
        switch (dataset) {
          case IP4SET, IP4TRIE -> Ip4Syntax.tokenEnd(line, start, end);
          case IP6TRIE, IP6TSET -> Ip6Syntax.tokenEnd(line, start, end);
          // A name ends where an IPv4 entry does: ':', '#' and ';' cannot occur in one.
          case DNSET -> Ip4Syntax.tokenEnd(line, start, end);
          case COMBINED -> throw new IllegalStateException("combined files cannot be nested");
        };
    if (tokenEnd == start) {
      throw new InvalidEntryException("a line must start with an entry, '!', ':', '$' or '#'");
    }
    String token = line.substring(start, tokenEnd);
    if (dataset == ZoneFileFormat.IP6TSET) {
      // The value comes from the file's default line, set in finishDataset().
      if (!exclusion && hasValue(tokenEnd, end)) {
        lineWarnings.accept(
            "ip6tset entries share the file's one value; the text after the entry is ignored as"
                + " rbldnsd does");
      }
      add(Ip6Syntax.parseSetEntry(token, exclusion, lineWarnings), exclusion, ListedValue.NONE);
      return;
    }
    // An exclusion ignores any value, as in rbldnsd; it only punches a hole.
    ListedValue value = exclusion ? null : ValueSyntax.parse(line, tokenEnd, end, defaults);
    switch (dataset) {
      case IP4SET, IP4TRIE -> addIp4(token, exclusion, value);
      case IP6TRIE -> add(Ip6Syntax.parse(token, lineWarnings), exclusion, value);
      case DNSET -> add(domain(token), exclusion, value);
      case IP6TSET, COMBINED -> throw new IllegalStateException("handled above");
    }
  }

  private boolean hasValue(int from, int end) {
    for (int i = from; i < end; i++) {
      char c = line.charAt(i);
      if (c == '#' || c == ';') {
        return false;
      }
      if (!isBlank(c)) {
        return true;
      }
    }
    return false;
  }

  /** A {@code $} line, {@code text} being what follows the {@code $}. */
  private void directive(String text) {
    String stripped = text.strip();
    int blank = 0;
    while (blank < stripped.length() && !isBlank(stripped.charAt(blank))) {
      blank++;
    }
    String keyword = stripped.substring(0, blank);
    if (format == ZoneFileFormat.COMBINED && keyword.equalsIgnoreCase("dataset")) {
      startDataset(stripped.substring(blank).strip());
      return;
    }
    if (skipping) {
      return;
    }
    if (format == ZoneFileFormat.COMBINED
        && dataset != null
        && keyword.length() == 1
        && Character.isDigit(keyword.charAt(0))) {
      // rbldnsd lets a dataset redefine $1..$9 for itself; Palisade expands them file-wide.
      throw new InvalidEntryException(
          "$"
              + keyword
              + " inside a $DATASET: define substitution variables in the common section before"
              + " the first $DATASET");
    }
    directives.parse(lineNumber, text, lineWarnings);
  }

  /**
   * {@code $DATASET type[:name] subzone...} in a combined file: ends the current dataset and starts
   * the next. A refused dataset is one bad line; its lines are skipped rather than each reported.
   */
  private void startDataset(String arguments) {
    finishDataset();
    dataset = null;
    skipping = true;
    String[] words = arguments.isEmpty() ? new String[0] : arguments.split("[ \t]+");
    if (words.length == 0) {
      throw new InvalidEntryException("$DATASET needs a dataset type, as in $DATASET ip4set @");
    }
    int colon = words[0].indexOf(':');
    String type = colon < 0 ? words[0] : words[0].substring(0, colon);
    ZoneFileFormat nested = null;
    for (ZoneFileFormat candidate : ZoneFileFormat.values()) {
      if (candidate != ZoneFileFormat.COMBINED && candidate.rbldnsdName().equalsIgnoreCase(type)) {
        nested = candidate;
      }
    }
    if (nested == null) {
      throw new InvalidEntryException(
          "dataset type '"
              + type
              + "' is not supported in a combined file; supported: ip4set, ip4trie, ip6trie,"
              + " ip6tset, dnset");
    }
    if (words.length == 1) {
      throw new InvalidEntryException(
          "$DATASET names no subzone, so rbldnsd serves its data nowhere; write @ for the base"
              + " zone");
    }
    for (int i = 1; i < words.length; i++) {
      if (!words[i].equals("@")) {
        throw new InvalidEntryException(
            "subzone '"
                + words[i]
                + "' has no Palisade list: a combined file is imported into one list, served as"
                + " the base zone (@); import this dataset from a file of its own into the list"
                + " that serves that subzone");
      }
    }
    dataset = nested;
    skipping = false;
  }

  /** Closes the current dataset: an ip6tset's one value goes to all its entries. */
  private void finishDataset() {
    setValues.add(dataset == ZoneFileFormat.IP6TSET ? setValue : null);
    if (keep && dataset == ZoneFileFormat.IP6TSET && setValue != null) {
      for (int i = datasetStart; i < entries.size(); i++) {
        ZoneFileEntry entry = entries.get(i);
        if (entry.kind() == kind) {
          entries.set(
              i,
              new ZoneFileEntry(
                  entry.line(),
                  entry.kind(),
                  entry.value(),
                  setValue.returnCode(),
                  setValue.reason()));
        }
      }
    }
    setValue = null;
    defaults = ListedValue.NONE;
    datasetStart = entries.size();
  }

  private void addIp4(String token, boolean exclusion, ListedValue value) {
    List<Ip4Network> networks =
        Ip4Syntax.parse(token, dataset == ZoneFileFormat.IP4SET, lineWarnings);
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
    if (keep) {
      Map<EntryValue, Integer> seen = exclusion ? excludedLines : listedLines;
      Integer firstLine = seen.putIfAbsent(value, lineNumber);
      if (firstLine != null) {
        lineWarnings.accept(
            "'" + value.canonical() + "' repeats line " + firstLine + "; the first one counts");
        return;
      }
    }
    onEntry.run();
    entryCount++;
    if (!keep && sink == null) {
      return; // scanning
    }
    ZoneFileEntry entry =
        exclusion
            ? new ZoneFileEntry(lineNumber, ListKind.EXCLUDE, value, null, null)
            : new ZoneFileEntry(lineNumber, kind, value, listed.returnCode(), listed.reason());
    if (keep) {
      entries.add(entry);
    } else {
      sink.accept(streamed(entry));
    }
  }

  /**
   * A streamed entry as {@link #parse} would return it: with its ip6tset's value, found by the
   * scan, and its reason's variables expanded with all the file's definitions.
   */
  private ZoneFileEntry streamed(ZoneFileEntry entry) {
    Integer returnCode = entry.returnCode();
    String reason = entry.reason();
    if (dataset == ZoneFileFormat.IP6TSET && entry.kind() == kind) {
      // This dataset's index is the number of datasets finished before it, in both reads.
      ListedValue value = prepared.setValue(setValues.size());
      if (value != null) {
        returnCode = value.returnCode();
        reason = value.reason();
      }
    }
    if (reason != null && reason != lastReasonIn) {
      lastReasonIn = reason;
      lastReasonOut = prepared.templates().render(reason);
    }
    String rendered = reason == null ? null : lastReasonOut;
    if (Objects.equals(returnCode, entry.returnCode()) && Objects.equals(rendered, reason)) {
      return entry;
    }
    return new ZoneFileEntry(entry.line(), entry.kind(), entry.value(), returnCode, rendered);
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

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b';
  }
}
