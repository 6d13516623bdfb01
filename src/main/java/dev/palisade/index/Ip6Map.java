package dev.palisade.index;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A map from masked IPv6 keys (two 64-bit halves) to cell indexes (never 0) for one prefix length:
 * open addressing with linear probing over interleaved {@code long[] {high, low, cell, ...}}
 * arrays, so a probe touches one cache line.
 *
 * <p>Split into segments by the top bits of the key's hash like {@link Ip4Map}, so a change copies
 * only the segments it touches and untouched segments are shared between versions.
 *
 * <p>Immutable once built; safe for any number of reader threads. Changes go through an {@link
 * Editor}, which never writes to arrays of the map it started from.
 */
final class Ip6Map {

  static final Ip6Map EMPTY = new Ip6Map(new long[][] {new long[12]}, new int[1], 0, 0);

  private final long[][] segments;
  private final int[] segmentSizes;
  private final int segmentBits;
  private final int size;

  private Ip6Map(long[][] segments, int[] segmentSizes, int segmentBits, int size) {
    this.segments = segments;
    this.segmentSizes = segmentSizes;
    this.segmentBits = segmentBits;
    this.size = size;
  }

  int size() {
    return size;
  }

  /** The cell of a key, or 0 when the key is absent. Allocation-free. */
  int get(long high, long low) {
    return find(segments, segmentBits, high, low);
  }

  private static int find(long[][] segments, int segmentBits, long high, long low) {
    int hash = hash(high, low);
    long[] segment = segments[Ip4Map.segmentOf(hash, segmentBits)];
    int capacity = segment.length / 3;
    int i = Ip4Map.slotOf(hash, segmentBits, capacity);
    while (true) {
      int cell = (int) segment[3 * i + 2];
      if (cell == 0) {
        return 0;
      }
      if (segment[3 * i] == high && segment[3 * i + 1] == low) {
        return cell;
      }
      if (++i == capacity) {
        i = 0;
      }
    }
  }

  /** Calls the consumer with every key and cell; for rebuilds. */
  void forEach(KeyCellConsumer consumer) {
    for (long[] segment : segments) {
      for (int i = 0; i < segment.length; i += 3) {
        if (segment[i + 2] != 0) {
          consumer.accept(segment[i], segment[i + 1], (int) segment[i + 2]);
        }
      }
    }
  }

  /** Bytes held by the map's arrays, for memory estimates. */
  long arrayBytes() {
    long bytes = 16L + 4L * segments.length + 4L * segmentSizes.length;
    for (long[] segment : segments) {
      bytes += 16 + 8L * segment.length;
    }
    return bytes;
  }

  /** Saves the map's arrays ({@link TableCodec}). */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(segmentBits);
    out.writeInt(size);
    TableCodec.writeInts(out, segmentSizes);
    for (long[] segment : segments) {
      TableCodec.writeLongs(out, segment);
    }
  }

  /** A map saved by {@link #writeTo}. */
  static Ip6Map readFrom(ByteBuffer in) {
    int segmentBits = in.getInt();
    int size = in.getInt();
    int[] segmentSizes = TableCodec.readSegmentSizes(in, segmentBits, "IPv6");
    long[][] segments = new long[segmentSizes.length][];
    for (int s = 0; s < segments.length; s++) {
      segments[s] = TableCodec.readLongs(in);
    }
    return new Ip6Map(segments, segmentSizes, segmentBits, size);
  }

  interface KeyCellConsumer {
    void accept(long high, long low, int cell);
  }

  /** A 32-bit hash of both halves: the high half of a 64-bit multiplicative mix. */
  static int hash(long high, long low) {
    long x = (high * 0x9E3779B97F4A7C15L) ^ low;
    x *= 0xC2B2AE3D27D4EB4FL;
    return (int) (x >>> 32);
  }

  /**
   * A mutable copy of a map. The first change to a segment copies it; later changes in the same
   * edit write to the copy. {@link #freeze()} hands the result over as a new map.
   *
   * @implNote Not thread-safe; use from the writer thread only, and not after {@link #freeze()}.
   */
  static final class Editor {

    private long[][] segments;
    private int[] segmentSizes;
    private boolean[] owned;
    private int segmentBits;
    private int size;

    Editor(Ip6Map base) {
      segments = base.segments.clone();
      segmentSizes = base.segmentSizes.clone();
      owned = new boolean[segments.length];
      segmentBits = base.segmentBits;
      size = base.size;
    }

    int get(long high, long low) {
      return find(segments, segmentBits, high, low);
    }

    /** Sets the cell (not 0) of a key, inserting it when absent. */
    void put(long high, long low, int cell) {
      int hash = hash(high, low);
      int s = Ip4Map.segmentOf(hash, segmentBits);
      long[] segment = own(s);
      int capacity = segment.length / 3;
      int i = Ip4Map.slotOf(hash, segmentBits, capacity);
      while (segment[3 * i + 2] != 0) {
        if (segment[3 * i] == high && segment[3 * i + 1] == low) {
          segment[3 * i + 2] = cell;
          return;
        }
        if (++i == capacity) {
          i = 0;
        }
      }
      if ((segmentSizes[s] + 1) > capacity * 0.8) {
        segments[s] = rehash(segment, Ip4Map.capacityFor(segmentSizes[s] + 1));
        insertFresh(segments[s], hash, high, low, cell);
      } else {
        segment[3 * i] = high;
        segment[3 * i + 1] = low;
        segment[3 * i + 2] = cell;
      }
      segmentSizes[s]++;
      size++;
      if (size > (long) Ip4Map.MAX_SEGMENT << segmentBits
          && segmentBits < Ip4Map.MAX_SEGMENT_BITS) {
        resegment(segmentBits + 1);
      }
    }

    /** Removes a key; does nothing when it is absent. */
    void remove(long high, long low) {
      int hash = hash(high, low);
      int s = Ip4Map.segmentOf(hash, segmentBits);
      if (segmentSizes[s] == 0) {
        return;
      }
      long[] segment = own(s);
      int capacity = segment.length / 3;
      int i = Ip4Map.slotOf(hash, segmentBits, capacity);
      while (true) {
        if (segment[3 * i + 2] == 0) {
          return;
        }
        if (segment[3 * i] == high && segment[3 * i + 1] == low) {
          break;
        }
        if (++i == capacity) {
          i = 0;
        }
      }
      // Backward-shift deletion keeps linear probing correct without tombstones.
      int hole = i;
      int j = i;
      while (true) {
        if (++j == capacity) {
          j = 0;
        }
        if (segment[3 * j + 2] == 0) {
          break;
        }
        int home = Ip4Map.slotOf(hash(segment[3 * j], segment[3 * j + 1]), segmentBits, capacity);
        boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!homeBetween) {
          System.arraycopy(segment, 3 * j, segment, 3 * hole, 3);
          hole = j;
        }
      }
      segment[3 * hole] = 0;
      segment[3 * hole + 1] = 0;
      segment[3 * hole + 2] = 0;
      segmentSizes[s]--;
      size--;
      if (capacity > 16 && segmentSizes[s] < capacity / 4) {
        segments[s] = rehash(segment, Ip4Map.capacityFor(segmentSizes[s]));
      }
    }

    /** The edited map; the editor must not be used afterwards. */
    Ip6Map freeze() {
      Ip6Map map = new Ip6Map(segments, segmentSizes, segmentBits, size);
      segments = null;
      segmentSizes = null;
      owned = null;
      return map;
    }

    private long[] own(int s) {
      if (!owned[s]) {
        segments[s] = segments[s].clone();
        owned[s] = true;
      }
      return segments[s];
    }

    private long[] rehash(long[] segment, int capacity) {
      long[] fresh = new long[3 * capacity];
      for (int i = 0; i < segment.length; i += 3) {
        if (segment[i + 2] != 0) {
          long high = segment[i];
          long low = segment[i + 1];
          insertFresh(fresh, hash(high, low), high, low, (int) segment[i + 2]);
        }
      }
      return fresh;
    }

    private void insertFresh(long[] segment, int hash, long high, long low, int cell) {
      int capacity = segment.length / 3;
      int i = Ip4Map.slotOf(hash, segmentBits, capacity);
      while (segment[3 * i + 2] != 0) {
        if (++i == capacity) {
          i = 0;
        }
      }
      segment[3 * i] = high;
      segment[3 * i + 1] = low;
      segment[3 * i + 2] = cell;
    }

    /** Redistributes every entry over 2^bits segments; amortized by the doubling. */
    private void resegment(int bits) {
      int count = 1 << bits;
      int[] sizes = new int[count];
      for (long[] segment : segments) {
        for (int i = 0; i < segment.length; i += 3) {
          if (segment[i + 2] != 0) {
            sizes[Ip4Map.segmentOf(hash(segment[i], segment[i + 1]), bits)]++;
          }
        }
      }
      long[][] fresh = new long[count][];
      for (int s = 0; s < count; s++) {
        fresh[s] = new long[3 * Ip4Map.capacityFor(sizes[s])];
      }
      long[][] old = segments;
      segments = fresh;
      segmentSizes = sizes;
      segmentBits = bits;
      owned = new boolean[count];
      Arrays.fill(owned, true);
      for (long[] segment : old) {
        for (int i = 0; i < segment.length; i += 3) {
          if (segment[i + 2] != 0) {
            long high = segment[i];
            long low = segment[i + 1];
            int hash = hash(high, low);
            insertFresh(fresh[Ip4Map.segmentOf(hash, bits)], hash, high, low, (int) segment[i + 2]);
          }
        }
      }
    }
  }
}
