package dev.palisade.zonefile;

import java.io.IOException;
import java.io.InputStream;

/**
 * The whole text of an input, decoded as every import decodes it ({@link TextLines}: plain or
 * gzip-compressed UTF-8), its lines joined by {@code \n} without a {@code \r} ending them: for
 * showing an uploaded file in a form, where it can be edited before it is imported. Stateless;
 * thread-safe.
 */
public final class DecodedText {

  private DecodedText() {}

  /**
   * Reads the input to its end; does not close it.
   *
   * @throws IllegalArgumentException naming the line that is not UTF-8 text, or saying that the
   *     text is longer than {@code maxChars}
   * @throws IOException if the input cannot be read
   */
  public static String read(InputStream in, int maxChars) throws IOException {
    return read(TextLines.of(in), maxChars);
  }

  /**
   * Joins lines already decoded ({@link TextLines#of(InputStream)}, perhaps counted by a caller
   * that bounds them) into one text.
   *
   * @see #read(InputStream, int)
   */
  public static String read(TextLines lines, int maxChars) throws IOException {
    StringBuilder text = new StringBuilder();
    int number = 0;
    while (true) {
      String line;
      try {
        line = lines.readLine();
      } catch (TextLines.BadLineException e) {
        throw new IllegalArgumentException("line " + (number + 1) + ": " + e.getMessage(), e);
      }
      if (line == null) {
        return text.toString();
      }
      number++;
      if (number > 1) {
        text.append('\n');
      }
      text.append(line, 0, line.endsWith("\r") ? line.length() - 1 : line.length());
      if (text.length() > maxChars) {
        throw new IllegalArgumentException(
            "it is longer than " + maxChars + " characters uncompressed");
      }
    }
  }
}
