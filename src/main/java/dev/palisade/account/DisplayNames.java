package dev.palisade.account;

import java.util.Locale;

/**
 * Rules for the free-text names people give things (tokens, accounts): names that show in lists,
 * the audit trail and logs, so they must print as what they say. Stateless and thread-safe.
 *
 * <p>Refused, besides empty and over-long names: control characters (Unicode Cc: NUL, CR, LF, tab,
 * DEL…), which forge lines in logs and break the tables they show in; format characters (Cf: the
 * bidirectional embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks
 * U+200E and U+200F, zero-width characters), which make a name read as another one (Unicode
 * Technical Report #36, "Unicode Security Considerations"); and the line and paragraph separators
 * U+2028 and U+2029.
 */
final class DisplayNames {

  private DisplayNames() {}

  /**
   * Checks a name; returns it without leading and trailing white space.
   *
   * @param what how the message names the name, e.g. {@code "a token name"}
   * @param maxLength the most characters (UTF-16 units, as the database column counts) it may have
   * @throws IllegalArgumentException saying what is wrong
   */
  static String check(String what, String name, int maxLength) {
    String stripped = name == null ? "" : name.strip();
    if (stripped.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (stripped.length() > maxLength) {
      throw new IllegalArgumentException(
          what + " has at most " + maxLength + " characters, this one has " + stripped.length());
    }
    for (int i = 0; i < stripped.length(); ) {
      int c = stripped.codePointAt(i);
      if (unprintable(c)) {
        throw new IllegalArgumentException(
            what
                + " may not contain control or formatting characters (line breaks, tabs, text"
                + " direction marks); found "
                + String.format(Locale.ROOT, "U+%04X", c)
                + " at character "
                + (stripped.codePointCount(0, i) + 1));
      }
      i += Character.charCount(c);
    }
    return stripped;
  }

  private static boolean unprintable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }
}
