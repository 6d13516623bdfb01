package dev.palisade.zonefile;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Inflates gzip, saying in its failures what is wrong with the data rather than how the inflater
 * noticed: {@link GZIPInputStream} reports a truncated stream as an {@link EOFException} and bad
 * data as a {@link ZipException}. Opened lazily, so a bad header fails at the first read too.
 * Reached through {@link TextLines#decode}. Not thread-safe.
 */
final class Gunzip extends InputStream {
  private final InputStream compressed;
  private GZIPInputStream inflating;

  Gunzip(InputStream compressed) {
    this.compressed = compressed;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      if (inflating == null) {
        inflating = new GZIPInputStream(compressed, 1 << 16);
      }
      return inflating.read(buffer, offset, length);
    } catch (EOFException e) {
      throw new TextLines.BadGzipException(
          "the gzip data ends too early: the file is truncated or was cut off in transfer", e);
    } catch (ZipException e) {
      throw new TextLines.BadGzipException("not valid gzip data (" + e.getMessage() + ")", e);
    }
  }
}
