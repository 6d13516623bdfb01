package dev.palisade.lookup;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ValueType;
import java.util.Locale;

/**
 * What to look up in text pasted from a mail log: Postfix writes a client as {@code
 * host.example.net[192.0.2.1]} (or {@code unknown[192.0.2.1]}, {@code [IPv6:2001:db8::1]}) and a
 * sender as {@code <user@example.com>}, often with {@code from=} before it and a comma after. The
 * address inside the brackets and the domain after the {@code @} are what the lists hold. Anything
 * else is returned as it was, stripped. Stateless.
 */
final class LookupQuery {

  private LookupQuery() {}

  /**
   * The address or domain the text names. A whole log line (text with spaces) names the client of
   * its first {@code name[address]} ({@code RCPT from unknown[192.0.2.77]:}; the process id of
   * {@code postfix/smtpd[1234]:} is no address), else the sender of its {@code from=<…>}.
   */
  static String of(String text) {
    String s = text.strip();
    if (s.indexOf(' ') > 0 || s.indexOf('\t') > 0) {
      String sender = null;
      for (String word : s.split("\\s+")) {
        String w = trimEnd(word, ":,;");
        int open = w.lastIndexOf('[');
        if (open >= 0 && w.endsWith("]") && isAddress(of(w))) {
          return of(w);
        }
        if (sender == null && w.startsWith("from=<")) {
          sender = of(w);
        }
      }
      if (sender != null) {
        return sender;
      }
    }
    int equals = s.indexOf('=');
    if (equals > 0 && s.substring(0, equals).chars().allMatch(Character::isLetter)) {
      s = s.substring(equals + 1); // from=<…>, client=…[…]
    }
    while (!s.isEmpty() && (s.endsWith(",") || s.endsWith(";"))) {
      s = s.substring(0, s.length() - 1);
    }
    int open = s.lastIndexOf('[');
    if (open >= 0 && s.endsWith("]")) {
      String inside = s.substring(open + 1, s.length() - 1);
      return inside.regionMatches(true, 0, "IPv6:", 0, 5) ? inside.substring(5) : inside;
    }
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1);
    }
    int at = s.lastIndexOf('@');
    if (at >= 0 && at < s.length() - 1) {
      return s.substring(at + 1).toLowerCase(Locale.ROOT);
    }
    return s;
  }

  private static String trimEnd(String word, String chars) {
    int end = word.length();
    while (end > 0 && chars.indexOf(word.charAt(end - 1)) >= 0) {
      end--;
    }
    return word.substring(0, end);
  }

  private static boolean isAddress(String value) {
    try {
      return EntryValue.parse(value).type() != ValueType.DOMAIN;
    } catch (InvalidEntryException e) {
      return false;
    }
  }
}
