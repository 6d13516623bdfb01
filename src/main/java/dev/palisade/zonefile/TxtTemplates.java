package dev.palisade.zonefile;

/**
 * Rewrites rbldnsd TXT templates into Palisade's, where only {@code $} (the queried address or the
 * matched name) is left to answer time. Not thread-safe; one per file being read.
 *
 * <p>rbldnsd expands more at answer time: {@code $1}..{@code $9} are the file's substitution
 * variables ({@code $1 text} lines, first definition wins, usable before it), {@code $$} is a
 * literal dollar, and one leading {@code =} is dropped. Variables are constant per file, so they
 * are expanded here; a literal dollar stays {@code $$}, which Palisade's templates must render as
 * {@code $}. An undefined {@code $n} stays literal in rbldnsd, so it becomes {@code $$n}.
 */
final class TxtTemplates {

  private final String[] variables = new String[10];

  /** Defines {@code $digit}; returns false if it was already defined (the first one counts). */
  boolean define(int digit, String text) {
    if (variables[digit] != null) {
      return false;
    }
    variables[digit] = text;
    return true;
  }

  /** The template as Palisade reads it; null stays null, and an empty result becomes null. */
  String render(String text) {
    if (text == null) {
      return null;
    }
    String template = text.startsWith("=") ? text.substring(1) : text;
    int dollar = template.indexOf('$');
    if (dollar < 0) {
      return template.isEmpty() ? null : template;
    }
    StringBuilder out = new StringBuilder(template.length() + 32).append(template, 0, dollar);
    for (int i = dollar; i < template.length(); i++) {
      char c = template.charAt(i);
      char next = i + 1 < template.length() ? template.charAt(i + 1) : 0;
      if (c != '$') {
        out.append(c);
      } else if (next == '$') {
        out.append("$$");
        i++;
      } else if (next >= '0' && next <= '9') {
        String value = variables[next - '0'];
        // rbldnsd copies a variable's text as is: its dollars are literal.
        out.append(value == null ? "$$" + next : value.replace("$", "$$"));
        i++;
      } else {
        out.append('$');
      }
    }
    return out.isEmpty() ? null : out.toString();
  }
}
