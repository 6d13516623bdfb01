package dev.palisade.zonefile;

import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ReturnCode;

/**
 * rbldnsd's A+TXT value syntax, after an entry or on a default line. Stateless.
 *
 * <ul>
 *   <li>nothing, or a comment ({@code #}, {@code ;}): the current default A and TXT.
 *   <li>{@code text}: the default A with this TXT.
 *   <li>{@code :127.0.0.3:text} or {@code :3:text}: this A and TXT; a single number is the last
 *       octet of 127.0.0.x.
 *   <li>{@code :3}: this A with the default TXT; {@code :3:} this A and no TXT.
 * </ul>
 *
 * <p>The A value must be a full 127.x.y.z address or one number; rbldnsd's inet_aton forms such as
 * {@code 127.3} are refused because they do not mean what they look like.
 */
final class ValueSyntax {

  private ValueSyntax() {}

  /**
   * The value written in {@code line[start, end)}, where {@code start} is the first character after
   * the entry (blanks allowed) and {@code end} excludes trailing blanks.
   */
  static ListedValue parse(String line, int start, int end, ListedValue defaults) {
    int i = skipBlanks(line, start, end);
    if (i == end) {
      return defaults;
    }
    char c = line.charAt(i);
    if (c == '#' || c == ';') {
      return defaults;
    }
    if (c != ':') {
      return new ListedValue(defaults.returnCode(), line.substring(i, end));
    }
    return returnCodeAndText(line, i, end, defaults);
  }

  /** A default line, {@code :A:TXT}, starting with the ':' at {@code start}. */
  static ListedValue parseDefault(String line, int start, int end) {
    return returnCodeAndText(line, start, end, ListedValue.NONE);
  }

  private static ListedValue returnCodeAndText(
      String line, int colon, int end, ListedValue defaults) {
    int i = colon + 1;
    int codeStart = i;
    int dots = 0;
    while (i < end && (isDigit(line.charAt(i)) || line.charAt(i) == '.')) {
      if (line.charAt(i) == '.') {
        dots++;
      }
      i++;
    }
    String code = line.substring(codeStart, i);
    int returnCode = returnCode(code, dots);
    i = skipBlanks(line, i, end);
    if (i == end) {
      return new ListedValue(returnCode, defaults.reason());
    }
    if (line.charAt(i) != ':') {
      throw new InvalidEntryException(
          "unexpected '"
              + line.substring(i, end)
              + "' after the return code; expected ':127.0.0.x:text' or ':x:text'");
    }
    i = skipBlanks(line, i + 1, end);
    return new ListedValue(returnCode, i == end ? null : line.substring(i, end));
  }

  private static int returnCode(String code, int dots) {
    if (code.isEmpty()) {
      throw new InvalidEntryException(
          "a value starting with ':' needs a return code, as in ':127.0.0.2:text' or ':2:text';"
              + " write text without the leading ':'");
    }
    if (dots == 0) {
      if (code.length() > 3) {
        throw new InvalidEntryException(
            "return code ':" + code + ":' is not 0-255 or an address in 127.0.0.0/8");
      }
      return ReturnCode.parse("127.0.0." + code);
    }
    if (dots != 3) {
      throw new InvalidEntryException(
          "return code '"
              + code
              + "' is ambiguous; write a full address such as 127.0.0.2 or only the last octet");
    }
    return ReturnCode.parse(code);
  }

  private static int skipBlanks(String line, int i, int end) {
    while (i < end && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
