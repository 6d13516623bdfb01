package dev.palisade.zonefile;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * The lines of a text input, one at a time: what every reader of block and allow lists takes, so
 * that each format sees the same lines, numbered the same way. From bytes, the one place where
 * input is decoded: plain UTF-8, or gzip-compressed UTF-8 (as rbldnsd reads data files), told apart
 * by gzip's magic bytes rather than a file name; each line is decoded on its own, so a bad byte
 * costs one line, reported with its number. Not thread-safe.
 */
@FunctionalInterface
public interface TextLines {

  /**
   * The next line without its line break, or null at the end.
   *
   * @throws BadLineException for a line that cannot be read as text; it has been consumed, so the
   *     next call reads the next line
   * @throws IOException if reading fails
   */
  String readLine() throws IOException;

  /**
   * The lines of bytes: UTF-8, or gzip-compressed UTF-8 when they start with gzip's magic bytes
   * ({@code 1f 8b}); {@link #utf8}({@link #decode}(in)). Does not close the stream.
   */
  static TextLines of(InputStream in) throws IOException {
    return utf8(decode(in));
  }

  /**
   * The text's bytes: {@code in} as it is, or inflated when it starts with gzip's magic bytes
   * ({@code 1f 8b}), whatever a file name says. Gzip that cannot be inflated, because it is not
   * gzip after all, is corrupt or ends early (a truncated upload), fails with a {@link
   * BadGzipException} saying which, when the header is read or later while reading. Does not close
   * the stream.
   */
  static InputStream decode(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(2);
    boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
    buffered.reset();
    return gzip ? new Gunzip(buffered) : buffered;
  }

  /**
   * The lines of text bytes ({@link #decode}d already): lines end at {@code \n}; a {@code \r}
   * before it stays part of the line, for the reader to treat as a blank. A line that is not valid
   * UTF-8 or longer than 64 KiB is a {@link BadLineException}. Does not close the stream.
   */
  static TextLines utf8(InputStream text) {
    return new Utf8LineReader(text)::readLine;
  }

  /** The lines of characters, split as {@link BufferedReader#readLine} does. Does not close. */
  static TextLines of(Reader in) {
    BufferedReader reader =
        in instanceof BufferedReader buffered ? buffered : new BufferedReader(in, 1 << 16);
    return reader::readLine;
  }

  /** Bytes that start as gzip but cannot be inflated; nothing after this can be read. */
  final class BadGzipException extends IOException {
    BadGzipException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A line that cannot be read as text; the reader has moved past it. */
  final class BadLineException extends IOException {
    BadLineException(String message) {
      super(message);
    }
  }
}
