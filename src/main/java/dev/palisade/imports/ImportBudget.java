package dev.palisade.imports;

import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What one import has used of its {@link ImportLimits}, counted while its inputs are read: the one
 * place where the limits are checked. Bytes are counted after decompression as they come out of the
 * inflater, lines as they are split (bad ones too), entries as they are read (an rbldnsd file's as
 * its parser keeps them, before they become drafts), so each limit stops the reading at the moment
 * it is passed, with an {@link ImportLimitException}. Bad lines stop at the collector {@link
 * #errors} gives. Not thread-safe; one per import.
 */
final class ImportBudget {

  private final ImportLimits limits;
  private String input = "import";
  private long bytes;
  private long lines;

  /** What the inputs before the current one used: where a re-read of it counts from. */
  private long bytesBefore;

  private long linesBefore;
  private int entries;
  private int parsed;

  ImportBudget(ImportLimits limits) {
    this.limits = limits;
  }

  ImportLimits limits() {
    return limits;
  }

  /** The collector of one input's bad lines: the one after the limit stops the reading. */
  IssueCollector errors(String name) {
    return new IssueCollector(name, limits.maxBadLines());
  }

  /**
   * The lines of one input's bytes, plain or gzip-compressed ({@link TextLines#decode}), counted
   * against the limits of bytes and lines from here on.
   */
  TextLines lines(String name, InputStream in) throws IOException {
    bytesBefore = bytes;
    linesBefore = lines;
    return read(name, in);
  }

  /**
   * The lines of the input {@link #lines} gave last, read once more (an rbldnsd file is scanned,
   * then read for its entries): counted in place of the earlier reading, not on top of it, so a
   * file is held to the limits once however often it is read.
   */
  TextLines again(String name, InputStream in) throws IOException {
    bytes = bytesBefore;
    lines = linesBefore;
    return read(name, in);
  }

  private TextLines read(String name, InputStream in) throws IOException {
    input = name;
    parsed = 0;
    TextLines text = TextLines.utf8(new Metered(TextLines.decode(in)));
    return () -> {
      String line;
      try {
        line = text.readLine();
      } catch (TextLines.BadLineException e) {
        line();
        throw e;
      }
      if (line != null) {
        line();
      }
      return line;
    };
  }

  /** One more draft read. */
  void entry() {
    if (++entries > limits.maxEntries()) {
      throw ImportLimitException.entries(input, limits.maxEntries());
    }
  }

  /**
   * One more entry kept by the parser of the current rbldnsd input, which holds them all before the
   * first draft: counted with the drafts of earlier inputs, since a range can expand to dozens.
   */
  void parsedEntry() {
    if ((long) entries + ++parsed > limits.maxEntries()) {
      throw ImportLimitException.entries(input, limits.maxEntries());
    }
  }

  private void line() {
    if (++lines > limits.maxLines()) {
      throw ImportLimitException.lines(input, limits.maxLines());
    }
  }

  private void count(long n) {
    bytes += n;
    if (bytes > limits.maxDecompressedSize().toBytes()) {
      throw ImportLimitException.decompressed(input, limits.maxDecompressedSize().toBytes());
    }
  }

  /** The decompressed bytes, counted as they are read. */
  private final class Metered extends FilterInputStream {
    Metered(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      count(skipped);
      return skipped;
    }
  }
}
