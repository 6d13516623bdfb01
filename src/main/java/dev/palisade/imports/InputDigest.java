package dev.palisade.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over what an import reads: its list and format, then each input's bytes as they are read
 * and their count, so that two imports of the same digest read the same entries ({@link
 * ImportFingerprints}). An input is digested whole: closing its stream reads what the reader left.
 * Not thread-safe: one per import.
 */
final class InputDigest {

  private final MessageDigest sha;

  InputDigest(ImportSpec spec) {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
    text(spec.list().name());
    text(spec.format().name());
  }

  /** The input's bytes, digested as they are read, and to its end when closed. */
  InputStream reading(InputStream in) {
    return new FilterInputStream(in) {
      private long count;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          sha.update((byte) b);
          count++;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          sha.update(buffer, offset, n);
          count += n;
        }
        return n;
      }

      @Override
      public boolean markSupported() {
        return false; // a byte read again would be digested twice
      }

      @Override
      public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
          int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
          if (read < 0) {
            break;
          }
          skipped += read;
        }
        return skipped;
      }

      @Override
      public void close() throws IOException {
        try {
          byte[] rest = new byte[8192];
          while (read(rest, 0, rest.length) >= 0) {
            // digest what the reader left unread
          }
          text(Long.toString(count));
        } finally {
          super.close();
        }
      }
    };
  }

  /** The digest in hexadecimal; the digest cannot be fed after. */
  String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }

  private void text(String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }
}
