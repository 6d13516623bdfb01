package dev.palisade.lookup;

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

  /** The address or domain the text names. */
  static String of(String text) {
    String s = text.strip();
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
}
