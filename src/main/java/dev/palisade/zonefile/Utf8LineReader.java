package dev.palisade.zonefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits bytes into lines at '\n' and decodes each line as strict UTF-8 on its own, so a bad byte
 * costs one line (reported with its number) rather than the rest of the file. Reached through
 * {@link TextLines#of(InputStream)}. Not thread-safe.
 */
final class Utf8LineReader {

  /** Longest line read; rbldnsd also refuses to read arbitrarily long lines. */
  static final int MAX_LINE_BYTES = 1 << 16;

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[256];

  /** {@code in} should be buffered or fast; this class reads it in large blocks anyway. */
  Utf8LineReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next line without its '\n', or null at the end. Throws {@link TextLines.BadLineException}
   * for a line that is not UTF-8 or too long, after consuming it, so the next call reads the next
   * line.
   */
  String readLine() throws IOException {
    int length = 0;
    boolean ascii = true;
    boolean tooLong = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (length == 0 && !tooLong) {
            return null;
          }
          break;
        }
      }
      byte b = buffer[position++];
      if (b == '\n') {
        break;
      }
      if (length == MAX_LINE_BYTES) {
        tooLong = true;
        continue;
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
      }
      line[length++] = b;
      ascii &= b >= 0;
    }
    if (tooLong) {
      throw new TextLines.BadLineException("line is longer than " + MAX_LINE_BYTES + " bytes");
    }
    if (ascii) {
      // The common case: one byte per character, no decoder needed.
      return new String(line, 0, length, StandardCharsets.ISO_8859_1);
    }
    try {
      return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new TextLines.BadLineException("not valid UTF-8 text");
    }
  }
}
