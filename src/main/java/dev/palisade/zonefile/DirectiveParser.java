package dev.palisade.zonefile;

import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.zonefile.ZoneFileDirectives.NameServers;
import dev.palisade.zonefile.ZoneFileDirectives.Soa;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads rbldnsd's special lines ({@code $SOA}, {@code $NS}, {@code $TTL}, {@code $MAXRANGE4},
 * {@code $1}..{@code $9}, {@code $TIMESTAMP}) of one file and keeps what they declare. Not
 * thread-safe; one per file being read.
 *
 * <p>Like rbldnsd, a malformed or unknown directive does not stop the file: it is skipped with a
 * warning. Two are refused, because ignoring them would change answers: {@code $=} (base TXT
 * template) and {@code $DATASET} outside a {@code combined} file (the parser reads it there).
 */
final class DirectiveParser {

  private final TxtTemplates templates;
  private Soa soa;
  private NameServers nameServers;
  private Long ttl;
  private long maxRange4;

  DirectiveParser(TxtTemplates templates) {
    this.templates = templates;
  }

  /**
   * Reads one directive, {@code text} being the line after its {@code $}. Throws {@link
   * InvalidEntryException} for directives Palisade refuses; reports the rest to {@code warnings}.
   */
  void parse(int line, String text, Consumer<String> warnings) {
    String[] words = text.strip().split("[ \t]+");
    String keyword = words[0].toLowerCase(Locale.ROOT);
    try {
      switch (keyword) {
        case "soa" -> soa(line, words, warnings);
        case "ns", "nameserver" -> nameServers(line, words, warnings);
        case "ttl" -> ttl = single(words, "$TTL time-to-live");
        case "maxrange4" -> maxRange4(words, warnings);
        case "timestamp" ->
            warnings.accept("$TIMESTAMP is not enforced; give entries an expiry instead");
        case "=" ->
            throw new InvalidEntryException(
                "base TXT templates ($=) are not supported; write the full text on each entry");
        case "dataset" ->
            throw new InvalidEntryException(
                "$DATASET belongs to rbldnsd's combined format; import the file with format"
                    + " combined");
        default -> {
          if (keyword.length() == 1 && keyword.charAt(0) >= '0' && keyword.charAt(0) <= '9') {
            variable(text, keyword.charAt(0) - '0', warnings);
          } else {
            warnings.accept("unknown directive $" + words[0] + " ignored");
          }
        }
      }
    } catch (DirectiveException e) {
      warnings.accept(e.getMessage() + "; directive ignored");
    }
  }

  /** Entries covering more IPv4 addresses than this are skipped; 0 for no limit. */
  long maxRange4() {
    return maxRange4;
  }

  ZoneFileDirectives result() {
    return soa == null && nameServers == null && ttl == null
        ? ZoneFileDirectives.NONE
        : new ZoneFileDirectives(soa, nameServers, ttl);
  }

  private void soa(int line, String[] words, Consumer<String> warnings) {
    String usage = "$SOA ttl origin contact serial refresh retry expire minimum";
    if (words.length != 9) {
      throw new DirectiveException("expected " + usage);
    }
    Soa parsed =
        new Soa(
            line,
            time(words[1], usage),
            name(words[2], usage),
            name(words[3], usage),
            number(words[4], usage),
            time(words[5], usage),
            time(words[6], usage),
            time(words[7], usage),
            time(words[8], usage));
    if (soa != null) {
      warnings.accept("only the first $SOA counts (line " + soa.line() + "); this one is ignored");
      return;
    }
    soa = parsed;
  }

  private void nameServers(int line, String[] words, Consumer<String> warnings) {
    String usage = "$NS ttl nameserver...";
    if (words.length < 3) {
      throw new DirectiveException("expected " + usage);
    }
    long nsTtl = time(words[1], usage);
    List<String> names = new ArrayList<>();
    for (int i = 2; i < words.length; i++) {
      // rbldnsd skips a name written with a leading '-', to comment it out.
      if (!words[i].startsWith("-")) {
        names.add(name(words[i], usage));
      }
    }
    if (nameServers != null) {
      warnings.accept(
          "only the first $NS counts (line " + nameServers.line() + "); this one is ignored");
      return;
    }
    nameServers = new NameServers(line, nsTtl, names);
  }

  private void maxRange4(String[] words, Consumer<String> warnings) {
    String usage = "$MAXRANGE4 /prefix-length or $MAXRANGE4 address-count";
    if (words.length != 2) {
      throw new DirectiveException("expected " + usage);
    }
    long limit;
    if (words[1].startsWith("/")) {
      long length = number(words[1].substring(1), usage);
      if (length > 32) {
        throw new DirectiveException("expected " + usage);
      }
      limit = 1L << (32 - length);
    } else {
      limit = number(words[1], usage);
    }
    if (limit == 0) {
      throw new DirectiveException("expected " + usage);
    }
    // rbldnsd lets a later $MAXRANGE4 lower the limit, never raise it.
    if (maxRange4 != 0 && limit > maxRange4) {
      warnings.accept("$MAXRANGE4 can only be lowered; the limit stays " + maxRange4);
      return;
    }
    maxRange4 = limit;
  }

  private void variable(String text, int digit, Consumer<String> warnings) {
    String value = text.strip().substring(1).strip();
    if (value.isEmpty() || !(text.strip().charAt(1) == ' ' || text.strip().charAt(1) == '\t')) {
      throw new DirectiveException("expected $" + digit + " text");
    }
    if (!templates.define(digit, value)) {
      warnings.accept("$" + digit + " is already defined; only the first definition counts");
    }
  }

  private static long single(String[] words, String usage) {
    if (words.length != 2) {
      throw new DirectiveException("expected " + usage);
    }
    return time(words[1], usage);
  }

  /** rbldnsd's time values: a number of seconds, optionally with s, m, h, d or w. */
  private static long time(String word, String usage) {
    char unit = Character.toLowerCase(word.charAt(word.length() - 1));
    long factor =
        switch (unit) {
          case 's' -> 1;
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86400;
          case 'w' -> 604800;
          default -> 0;
        };
    long value = number(factor == 0 ? word : word.substring(0, word.length() - 1), usage);
    long seconds = value * (factor == 0 ? 1 : factor);
    if (seconds > 0xffffffffL) {
      throw new DirectiveException("'" + word + "' is too large; expected " + usage);
    }
    return seconds;
  }

  private static long number(String word, String usage) {
    if (word.isEmpty() || word.length() > 10) {
      throw new DirectiveException("'" + word + "' is not a number; expected " + usage);
    }
    long value = 0;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c < '0' || c > '9') {
        throw new DirectiveException("'" + word + "' is not a number; expected " + usage);
      }
      value = value * 10 + (c - '0');
    }
    if (value > 0xffffffffL) {
      throw new DirectiveException("'" + word + "' is too large; expected " + usage);
    }
    return value;
  }

  private static String name(String word, String usage) {
    try {
      return Name.fromString(word, Name.root).toString(true);
    } catch (TextParseException e) {
      throw new DirectiveException("'" + word + "' is not a domain name; expected " + usage);
    }
  }

  /** A malformed directive: skipped with a warning, as rbldnsd does. */
  private static final class DirectiveException extends RuntimeException {
    DirectiveException(String message) {
      super(message, null, false, false);
    }
  }
}
