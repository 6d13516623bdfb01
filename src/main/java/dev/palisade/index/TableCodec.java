package dev.palisade.index;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads and writes the arrays of the lookup structures for {@link IndexFile}: each structure saves
 * its own arrays through these, so a restart reads them back with bulk copies instead of rebuilding
 * them entry by entry (which costs seconds of CPU and of just-in-time compilation at 1M entries).
 *
 * <p>Lengths are checked against what is left to read, so a damaged file fails with an exception
 * instead of allocating without bound. Stateless.
 */
final class TableCodec {

  private TableCodec() {}

  static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
    bytes.asIntBuffer().put(values);
    out.write(bytes.array());
  }

  static int[] readInts(ByteBuffer in) {
    int[] values = new int[length(in, 4)];
    in.asIntBuffer().get(values);
    in.position(in.position() + 4 * values.length);
    return values;
  }

  /**
   * The per-segment sizes a segmented map saved after its segment bits, checked against them: one
   * size per segment, at most 2^{@link Ip4Map#MAX_SEGMENT_BITS} segments.
   */
  static int[] readSegmentSizes(ByteBuffer in, int segmentBits, String map) {
    int[] segmentSizes = readInts(in);
    if (segmentBits < 0
        || segmentBits > Ip4Map.MAX_SEGMENT_BITS
        || segmentSizes.length != 1 << segmentBits) {
      throw new IllegalArgumentException("bad " + map + " map segments");
    }
    return segmentSizes;
  }

  static void writeLongs(DataOutputStream out, long[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length);
    bytes.asLongBuffer().put(values);
    out.write(bytes.array());
  }

  static long[] readLongs(ByteBuffer in) {
    long[] values = new long[length(in, 8)];
    in.asLongBuffer().get(values);
    in.position(in.position() + 8 * values.length);
    return values;
  }

  /** A string or null. */
  static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /**
   * A string or null; equal strings read through the same {@code strings} come back as one instance
   * (DNS caches work keyed on the identity of reasons).
   */
  static String readString(ByteBuffer in, Map<String, String> strings) {
    if (in.getInt(in.position()) == -1) {
      in.getInt();
      return null;
    }
    int length = length(in, 1);
    String value =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return strings == null ? value : strings.computeIfAbsent(value, v -> v);
  }

  /** Reads a count of items of {@code size} bytes each and checks that they are there. */
  static int length(ByteBuffer in, int size) {
    int count = in.getInt();
    if (count < 0 || (long) count * size > in.remaining()) {
      throw new IllegalArgumentException("bad length " + count + " at " + in.position());
    }
    return count;
  }
}
