package dev.palisade.common;

/**
 * Bounds what an error message echoes of a client's input: a request can carry megabytes in one
 * field, and an answer or a log line that repeats it in full multiplies what the client sent.
 * Stateless and thread-safe.
 */
public final class Excerpts {

  /** Longest run of non-blank characters (one echoed value) kept in a message. */
  public static final int MAX_WORD = 100;

  /** Longest message kept. */
  public static final int MAX_MESSAGE = 1000;

  private static final char ELLIPSIS = '…';

  private Excerpts() {}

  /**
   * The message with every run of non-blank characters longer than {@value #MAX_WORD} cut to that
   * length followed by "…", and the whole cut to {@value #MAX_MESSAGE} characters the same way;
   * null stays null. Messages within the bounds come back unchanged (the same instance).
   */
  public static String cut(String message) {
    if (message == null || !tooLong(message)) {
      return message;
    }
    StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 1));
    int word = 0;
    for (int i = 0; i < message.length() && out.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      if (Character.isWhitespace(c)) {
        word = 0;
        out.append(c);
      } else if (word < MAX_WORD) {
        word++;
        out.append(c);
      } else if (word == MAX_WORD) {
        word++;
        out.append(ELLIPSIS);
      }
    }
    if (out.length() >= MAX_MESSAGE) {
      out.setLength(MAX_MESSAGE);
      out.append(ELLIPSIS);
    }
    return out.toString();
  }

  private static boolean tooLong(String message) {
    if (message.length() > MAX_MESSAGE) {
      return true;
    }
    int word = 0;
    for (int i = 0; i < message.length(); i++) {
      word = Character.isWhitespace(message.charAt(i)) ? 0 : word + 1;
      if (word > MAX_WORD) {
        return true;
      }
    }
    return false;
  }
}
