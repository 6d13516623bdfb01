package dev.palisade.index;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A map from domain names to a few int fields: open addressing with linear probing over a {@code
 * String[]} of names and a parallel {@code int[]} of {@value #STRIDE} fields per slot (the name's
 * hash first, so a probe rarely dereferences a name that does not match).
 *
 * <p>Names are hashed right to left ({@link #hash(CharSequence)}), so a reader walking a query name
 * from its last label to its first gets the hash of every suffix in one pass and can look suffixes
 * up in place, without allocating substrings.
 *
 * <p>Split into segments by the top bits of the hash like {@link Ip4Map}, so a change copies only
 * the segments it touches. Immutable once built; safe for any number of reader threads. Changes go
 * through an {@link Editor}, which never writes to arrays of the map it started from.
 */
final class DomainMap {

  /**
   * Ints per slot: the name's hash, then the caller's fields; a name whose fields are all 0 is
   * dropped.
   */
  static final int STRIDE = 5;

  static final int FIELDS = STRIDE - 1;

  static final DomainMap EMPTY =
      new DomainMap(
          new String[][] {new String[4]}, new int[][] {new int[4 * STRIDE]}, new int[1], 0, 0);

  private final String[][] names;
  private final int[][] fields;
  private final int[] segmentSizes;
  private final int segmentBits;
  private final int size;

  private DomainMap(
      String[][] names, int[][] fields, int[] segmentSizes, int segmentBits, int size) {
    this.names = names;
    this.fields = fields;
    this.segmentSizes = segmentSizes;
    this.segmentBits = segmentBits;
    this.size = size;
  }

  int size() {
    return size;
  }

  /** The hash of a whole name, equal to what a right-to-left walk computes at its first char. */
  static int hash(CharSequence name) {
    return hash(name, 0);
  }

  /** The hash of the suffix of {@code name} starting at {@code from}. */
  static int hash(CharSequence name, int from) {
    int h = 0;
    for (int i = name.length() - 1; i >= from; i--) {
      h = 31 * h + name.charAt(i);
    }
    return h;
  }

  /**
   * Where the suffix of {@code query} starting at {@code from} is stored, as {@code (segment << 32)
   * | slot}, or -1 when absent. {@code hash} is {@link #hash(CharSequence, int)} of that suffix.
   * Allocation-free.
   */
  long locate(CharSequence query, int from, int hash) {
    return locate(names, fields, segmentBits, query, from, hash);
  }

  /** Field {@code field} (0 to {@value #FIELDS} - 1) of a location returned by {@link #locate}. */
  int field(long location, int field) {
    return fields[(int) (location >>> 32)][STRIDE * (int) location + 1 + field];
  }

  private static long locate(
      String[][] names, int[][] fields, int segmentBits, CharSequence query, int from, int hash) {
    int mixed = Ip4Map.hash(hash);
    int s = Ip4Map.segmentOf(mixed, segmentBits);
    String[] segment = names[s];
    int[] segmentFields = fields[s];
    int capacity = segment.length;
    int i = Ip4Map.slotOf(mixed, segmentBits, capacity);
    int length = query.length() - from;
    while (true) {
      String name = segment[i];
      if (name == null) {
        return -1;
      }
      if (segmentFields[STRIDE * i] == hash
          && name.length() == length
          && sameChars(query, from, name, length)) {
        return ((long) s << 32) | i;
      }
      if (++i == capacity) {
        i = 0;
      }
    }
  }

  /**
   * Whether {@code length} chars of {@code query} from {@code from} are {@code name}'s. A name
   * being built in a {@link StringBuilder} is compared in place, so a lookup needs no {@code
   * String}.
   */
  private static boolean sameChars(CharSequence query, int from, String name, int length) {
    if (query instanceof String text) {
      return text.regionMatches(from, name, 0, length);
    }
    for (int i = 0; i < length; i++) {
      if (query.charAt(from + i) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Calls the consumer with every name and a copy of its fields; for rebuilds. */
  void forEach(NameConsumer consumer) {
    for (int s = 0; s < names.length; s++) {
      String[] segment = names[s];
      for (int i = 0; i < segment.length; i++) {
        if (segment[i] != null) {
          consumer.accept(
              segment[i], Arrays.copyOfRange(fields[s], STRIDE * i + 1, STRIDE * i + STRIDE));
        }
      }
    }
  }

  /** Bytes held by the map's arrays (names not counted), for memory estimates. */
  long arrayBytes() {
    long bytes = 48L + 8L * names.length + 4L * segmentSizes.length;
    for (int s = 0; s < names.length; s++) {
      bytes += 32 + 4L * names[s].length + 4L * fields[s].length;
    }
    return bytes;
  }

  /** Saves the map's arrays ({@link TableCodec}). */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(segmentBits);
    out.writeInt(size);
    TableCodec.writeInts(out, segmentSizes);
    for (int s = 0; s < names.length; s++) {
      out.writeInt(names[s].length);
      for (String name : names[s]) {
        TableCodec.writeString(out, name);
      }
      TableCodec.writeInts(out, fields[s]);
    }
  }

  /** A map saved by {@link #writeTo}. */
  static DomainMap readFrom(ByteBuffer in) {
    int segmentBits = in.getInt();
    int size = in.getInt();
    int[] segmentSizes = TableCodec.readSegmentSizes(in, segmentBits, "domain");
    String[][] names = new String[segmentSizes.length][];
    int[][] fields = new int[segmentSizes.length][];
    for (int s = 0; s < names.length; s++) {
      names[s] = new String[TableCodec.length(in, 4)];
      for (int i = 0; i < names[s].length; i++) {
        names[s][i] = TableCodec.readString(in, null);
      }
      fields[s] = TableCodec.readInts(in);
      if (fields[s].length != STRIDE * names[s].length) {
        throw new IllegalArgumentException("bad domain map segment");
      }
    }
    return new DomainMap(names, fields, segmentSizes, segmentBits, size);
  }

  interface NameConsumer {
    void accept(String name, int[] fields);
  }

  /**
   * A mutable copy of a map. The first change to a segment copies it; later changes in the same
   * edit write to the copy. {@link #freeze()} hands the result over as a new map.
   *
   * @implNote Not thread-safe; use from the writer thread only, and not after {@link #freeze()}.
   */
  static final class Editor {

    private String[][] names;
    private int[][] fields;
    private int[] segmentSizes;
    private boolean[] owned;
    private int segmentBits;
    private int size;

    Editor(DomainMap base) {
      names = base.names.clone();
      fields = base.fields.clone();
      segmentSizes = base.segmentSizes.clone();
      owned = new boolean[names.length];
      segmentBits = base.segmentBits;
      size = base.size;
    }

    /** A field of a name, 0 when the name is absent. */
    int get(String name, int field) {
      long at = locate(names, fields, segmentBits, name, 0, hash(name));
      return at < 0 ? 0 : fields[(int) (at >>> 32)][STRIDE * (int) at + 1 + field];
    }

    /**
     * Sets a field of a name, inserting the name when absent and removing it when all its fields
     * end up 0.
     */
    void set(String name, int field, int value) {
      int hash = hash(name);
      long at = locate(names, fields, segmentBits, name, 0, hash);
      if (at < 0) {
        if (value != 0) {
          insert(name, hash, field, value);
        }
        return;
      }
      int s = (int) (at >>> 32);
      int i = (int) at;
      own(s);
      int[] segmentFields = fields[s];
      segmentFields[STRIDE * i + 1 + field] = value;
      for (int f = 1; f < STRIDE; f++) {
        if (segmentFields[STRIDE * i + f] != 0) {
          return;
        }
      }
      delete(s, i);
    }

    /** The edited map; the editor must not be used afterwards. */
    DomainMap freeze() {
      DomainMap map = new DomainMap(names, fields, segmentSizes, segmentBits, size);
      names = null;
      fields = null;
      segmentSizes = null;
      owned = null;
      return map;
    }

    private void insert(String name, int hash, int field, int value) {
      int mixed = Ip4Map.hash(hash);
      int s = Ip4Map.segmentOf(mixed, segmentBits);
      own(s);
      if ((segmentSizes[s] + 1) > names[s].length * 0.8) {
        rehash(s, Ip4Map.capacityFor(segmentSizes[s] + 1));
      }
      int i = insertFresh(names[s], fields[s], mixed, name);
      fields[s][STRIDE * i] = hash;
      fields[s][STRIDE * i + 1 + field] = value;
      segmentSizes[s]++;
      size++;
      if (size > (long) Ip4Map.MAX_SEGMENT << segmentBits
          && segmentBits < Ip4Map.MAX_SEGMENT_BITS) {
        resegment(segmentBits + 1);
      }
    }

    private void delete(int s, int i) {
      String[] segmentNames = names[s];
      int[] segmentFields = fields[s];
      int capacity = segmentNames.length;
      // Backward-shift deletion keeps linear probing correct without tombstones.
      int hole = i;
      int j = i;
      while (true) {
        if (++j == capacity) {
          j = 0;
        }
        if (segmentNames[j] == null) {
          break;
        }
        int home = Ip4Map.slotOf(Ip4Map.hash(segmentFields[STRIDE * j]), segmentBits, capacity);
        boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!homeBetween) {
          segmentNames[hole] = segmentNames[j];
          System.arraycopy(segmentFields, STRIDE * j, segmentFields, STRIDE * hole, STRIDE);
          hole = j;
        }
      }
      segmentNames[hole] = null;
      Arrays.fill(segmentFields, STRIDE * hole, STRIDE * hole + STRIDE, 0);
      segmentSizes[s]--;
      size--;
      if (capacity > 16 && segmentSizes[s] < capacity / 4) {
        rehash(s, Ip4Map.capacityFor(segmentSizes[s]));
      }
    }

    private void own(int s) {
      if (!owned[s]) {
        names[s] = names[s].clone();
        fields[s] = fields[s].clone();
        owned[s] = true;
      }
    }

    private void rehash(int s, int capacity) {
      String[] oldNames = names[s];
      int[] oldFields = fields[s];
      String[] freshNames = new String[capacity];
      int[] freshFields = new int[STRIDE * capacity];
      for (int i = 0; i < oldNames.length; i++) {
        if (oldNames[i] != null) {
          int j =
              insertFresh(freshNames, freshFields, Ip4Map.hash(oldFields[STRIDE * i]), oldNames[i]);
          System.arraycopy(oldFields, STRIDE * i, freshFields, STRIDE * j, STRIDE);
        }
      }
      names[s] = freshNames;
      fields[s] = freshFields;
    }

    /** Places a name in a free slot of a segment and returns the slot; fields are the caller's. */
    private int insertFresh(String[] segmentNames, int[] segmentFields, int mixed, String name) {
      int capacity = segmentNames.length;
      int i = Ip4Map.slotOf(mixed, segmentBits, capacity);
      while (segmentNames[i] != null) {
        if (++i == capacity) {
          i = 0;
        }
      }
      segmentNames[i] = name;
      return i;
    }

    /** Redistributes every name over 2^bits segments; amortized by the doubling. */
    private void resegment(int bits) {
      int count = 1 << bits;
      int[] sizes = new int[count];
      for (int s = 0; s < names.length; s++) {
        for (int i = 0; i < names[s].length; i++) {
          if (names[s][i] != null) {
            sizes[Ip4Map.segmentOf(Ip4Map.hash(fields[s][STRIDE * i]), bits)]++;
          }
        }
      }
      String[][] freshNames = new String[count][];
      int[][] freshFields = new int[count][];
      for (int s = 0; s < count; s++) {
        int capacity = Ip4Map.capacityFor(sizes[s]);
        freshNames[s] = new String[capacity];
        freshFields[s] = new int[STRIDE * capacity];
      }
      String[][] oldNames = names;
      int[][] oldFields = fields;
      names = freshNames;
      fields = freshFields;
      segmentSizes = sizes;
      segmentBits = bits;
      owned = new boolean[count];
      Arrays.fill(owned, true);
      for (int s = 0; s < oldNames.length; s++) {
        for (int i = 0; i < oldNames[s].length; i++) {
          if (oldNames[s][i] != null) {
            int mixed = Ip4Map.hash(oldFields[s][STRIDE * i]);
            int t = Ip4Map.segmentOf(mixed, bits);
            int j = insertFresh(names[t], fields[t], mixed, oldNames[s][i]);
            System.arraycopy(oldFields[s], STRIDE * i, fields[t], STRIDE * j, STRIDE);
          }
        }
      }
    }
  }
}
