package dev.palisade.index;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A map from masked IPv4 keys to cell indexes (never 0) for one prefix length: open addressing with
 * linear probing over interleaved {@code int[] {key, cell, key, cell, ...}} arrays, so a probe
 * touches one cache line and an entry costs about 8 bytes divided by the load factor (0.6 to 0.8).
 *
 * <p>The map is split into segments by the top bits of the key's hash. A change copies only the
 * segments it touches (at most {@value #MAX_SEGMENT} entries each), which keeps copy-on-write cheap
 * when a scope holds millions of entries: untouched segments are shared between versions.
 *
 * <p>Immutable once built; safe for any number of reader threads. Changes go through an {@link
 * Editor}, which never writes to arrays of the map it started from.
 */
final class Ip4Map {

  /** Segments are split (the segment count doubles) when they average more entries than this. */
  static final int MAX_SEGMENT = 8192;

  /** At most 2^16 segments, so at least 16 hash bits remain to place a key inside its segment. */
  static final int MAX_SEGMENT_BITS = 16;

  static final Ip4Map EMPTY = new Ip4Map(new int[][] {new int[4]}, new int[1], 0, 0);

  private final int[][] segments;
  private final int[] segmentSizes;
  private final int segmentBits;
  private final int size;

  private Ip4Map(int[][] segments, int[] segmentSizes, int segmentBits, int size) {
    this.segments = segments;
    this.segmentSizes = segmentSizes;
    this.segmentBits = segmentBits;
    this.size = size;
  }

  int size() {
    return size;
  }

  /** The cell of a key, or 0 when the key is absent. Allocation-free. */
  int get(int key) {
    return find(segments, segmentBits, key);
  }

  private static int find(int[][] segments, int segmentBits, int key) {
    int hash = hash(key);
    int[] segment = segments[segmentOf(hash, segmentBits)];
    int capacity = segment.length >>> 1;
    int i = slotOf(hash, segmentBits, capacity);
    while (true) {
      int cell = segment[2 * i + 1];
      if (cell == 0) {
        return 0;
      }
      if (segment[2 * i] == key) {
        return cell;
      }
      if (++i == capacity) {
        i = 0;
      }
    }
  }

  /** Calls the consumer with every key and cell; for rebuilds. */
  void forEach(KeyCellConsumer consumer) {
    for (int[] segment : segments) {
      for (int i = 0; i < segment.length; i += 2) {
        if (segment[i + 1] != 0) {
          consumer.accept(segment[i], segment[i + 1]);
        }
      }
    }
  }

  /** Bytes held by the map's arrays, for memory estimates. */
  long arrayBytes() {
    long bytes = 16L + 4L * segments.length + 4L * segmentSizes.length;
    for (int[] segment : segments) {
      bytes += 16 + 4L * segment.length;
    }
    return bytes;
  }

  /** Saves the map's arrays ({@link TableCodec}). */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(segmentBits);
    out.writeInt(size);
    TableCodec.writeInts(out, segmentSizes);
    for (int[] segment : segments) {
      TableCodec.writeInts(out, segment);
    }
  }

  /** A map saved by {@link #writeTo}. */
  static Ip4Map readFrom(ByteBuffer in) {
    int segmentBits = in.getInt();
    int size = in.getInt();
    int[] segmentSizes = TableCodec.readSegmentSizes(in, segmentBits, "IPv4");
    int[][] segments = new int[segmentSizes.length][];
    for (int s = 0; s < segments.length; s++) {
      segments[s] = TableCodec.readInts(in);
    }
    return new Ip4Map(segments, segmentSizes, segmentBits, size);
  }

  interface KeyCellConsumer {
    void accept(int key, int cell);
  }

  /** A 32-bit hash whose every bit depends on every key bit: the high half of a 64-bit product. */
  static int hash(int key) {
    return (int) (((key & 0xffffffffL) * 0x9E3779B97F4A7C15L) >>> 32);
  }

  static int segmentOf(int hash, int segmentBits) {
    return (int) ((hash & 0xffffffffL) >>> (32 - segmentBits));
  }

  /** Maps the hash bits below the segment bits onto [0, capacity) without division (Lemire). */
  static int slotOf(int hash, int segmentBits, int capacity) {
    return (int) ((((hash << segmentBits) & 0xffffffffL) * capacity) >>> 32);
  }

  /** Capacity for a segment of {@code entries} entries: load 0.6, always one free slot at least. */
  static int capacityFor(int entries) {
    return Math.max(4, (int) (entries / 0.6) + 1);
  }

  /**
   * A mutable copy of a map. The first change to a segment copies it; later changes in the same
   * edit write to the copy. {@link #freeze()} hands the result over as a new map.
   *
   * @implNote Not thread-safe; use from the writer thread only, and not after {@link #freeze()}.
   */
  static final class Editor {

    private int[][] segments;
    private int[] segmentSizes;
    private boolean[] owned;
    private int segmentBits;
    private int size;

    Editor(Ip4Map base) {
      segments = base.segments.clone();
      segmentSizes = base.segmentSizes.clone();
      owned = new boolean[segments.length];
      segmentBits = base.segmentBits;
      size = base.size;
    }

    int size() {
      return size;
    }

    int get(int key) {
      return find(segments, segmentBits, key);
    }

    /** Sets the cell (not 0) of a key, inserting it when absent. */
    void put(int key, int cell) {
      int hash = hash(key);
      int s = segmentOf(hash, segmentBits);
      int[] segment = own(s);
      int capacity = segment.length >>> 1;
      int i = slotOf(hash, segmentBits, capacity);
      while (segment[2 * i + 1] != 0) {
        if (segment[2 * i] == key) {
          segment[2 * i + 1] = cell;
          return;
        }
        if (++i == capacity) {
          i = 0;
        }
      }
      if ((segmentSizes[s] + 1) > capacity * 0.8) {
        segments[s] = rehash(segment, capacityFor(segmentSizes[s] + 1));
        segmentSizes[s]++;
        size++;
        insertFresh(segments[s], hash, key, cell);
      } else {
        segment[2 * i] = key;
        segment[2 * i + 1] = cell;
        segmentSizes[s]++;
        size++;
      }
      if (size > (long) MAX_SEGMENT << segmentBits && segmentBits < MAX_SEGMENT_BITS) {
        resegment(segmentBits + 1);
      }
    }

    /** Removes a key; does nothing when it is absent. */
    void remove(int key) {
      int hash = hash(key);
      int s = segmentOf(hash, segmentBits);
      if (segmentSizes[s] == 0) {
        return;
      }
      int[] segment = own(s);
      int capacity = segment.length >>> 1;
      int i = slotOf(hash, segmentBits, capacity);
      while (true) {
        if (segment[2 * i + 1] == 0) {
          return;
        }
        if (segment[2 * i] == key) {
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
        if (segment[2 * j + 1] == 0) {
          break;
        }
        int home = slotOf(hash(segment[2 * j]), segmentBits, capacity);
        // Move j into the hole unless its home lies cyclically in (hole, j].
        boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!homeBetween) {
          segment[2 * hole] = segment[2 * j];
          segment[2 * hole + 1] = segment[2 * j + 1];
          hole = j;
        }
      }
      segment[2 * hole] = 0;
      segment[2 * hole + 1] = 0;
      segmentSizes[s]--;
      size--;
      if (capacity > 16 && segmentSizes[s] < capacity / 4) {
        segments[s] = rehash(segment, capacityFor(segmentSizes[s]));
      }
    }

    /** The edited map; the editor must not be used afterwards. */
    Ip4Map freeze() {
      Ip4Map map = new Ip4Map(segments, segmentSizes, segmentBits, size);
      segments = null;
      segmentSizes = null;
      owned = null;
      return map;
    }

    private int[] own(int s) {
      if (!owned[s]) {
        segments[s] = segments[s].clone();
        owned[s] = true;
      }
      return segments[s];
    }

    private int[] rehash(int[] segment, int capacity) {
      int[] fresh = new int[2 * capacity];
      for (int i = 0; i < segment.length; i += 2) {
        if (segment[i + 1] != 0) {
          insertFresh(fresh, hash(segment[i]), segment[i], segment[i + 1]);
        }
      }
      return fresh;
    }

    private void insertFresh(int[] segment, int hash, int key, int cell) {
      int capacity = segment.length >>> 1;
      int i = slotOf(hash, segmentBits, capacity);
      while (segment[2 * i + 1] != 0) {
        if (++i == capacity) {
          i = 0;
        }
      }
      segment[2 * i] = key;
      segment[2 * i + 1] = cell;
    }

    /** Redistributes every entry over 2^bits segments; amortized by the doubling. */
    private void resegment(int bits) {
      int count = 1 << bits;
      int[] sizes = new int[count];
      for (int[] segment : segments) {
        for (int i = 0; i < segment.length; i += 2) {
          if (segment[i + 1] != 0) {
            sizes[segmentOf(hash(segment[i]), bits)]++;
          }
        }
      }
      int[][] fresh = new int[count][];
      for (int s = 0; s < count; s++) {
        fresh[s] = new int[2 * capacityFor(sizes[s])];
      }
      int[][] old = segments;
      segments = fresh;
      segmentSizes = sizes;
      segmentBits = bits;
      owned = new boolean[count];
      Arrays.fill(owned, true);
      for (int[] segment : old) {
        for (int i = 0; i < segment.length; i += 2) {
          if (segment[i + 1] != 0) {
            int hash = hash(segment[i]);
            insertFresh(fresh[segmentOf(hash, bits)], hash, segment[i], segment[i + 1]);
          }
        }
      }
    }
  }
}
