package dev.palisade.index;

import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One scope's IPv6 networks for longest-prefix matching: one {@link Ip6Map} of masked keys per
 * prefix length present, probed from the longest length to the shortest, and the {@link Cells} the
 * maps point to. A lookup costs one hash probe per prefix length present and allocates nothing.
 *
 * <p>Immutable; safe for any number of reader threads. Changes go through the scope's long-lived
 * {@link Writer}, which copies only the maps (and within them only the segments) a change touches.
 */
final class Ip6Table {

  /** Result of a lookup that matched nothing. */
  static final long NONE = -1L;

  static final Ip6Table EMPTY = new Ip6Table(new Ip6Map[129], new int[0], Cells.EMPTY, 0);

  private final Ip6Map[] byLength;
  private final int[] lengths;
  private final Cells cells;
  private final int size;

  private Ip6Table(Ip6Map[] byLength, int[] lengths, Cells cells, int size) {
    this.byLength = byLength;
    this.lengths = lengths;
    this.cells = cells;
    this.size = size;
  }

  /** Number of networks (a network listed as both block and allow counts once). */
  int size() {
    return size;
  }

  Cells cells() {
    return cells;
  }

  /**
   * The longest network containing the address, as {@code (prefixLength << 32) | cell}, or {@link
   * #NONE}.
   */
  long match(long high, long low) {
    return matchBetween(high, low, -1, 128);
  }

  /**
   * Like {@link #match(long, long)}, but only networks longer than {@code floor} and no longer than
   * {@code ceiling} count.
   */
  long matchBetween(long high, long low, int floor, int ceiling) {
    for (int length : lengths) {
      if (length > ceiling) {
        continue;
      }
      if (length <= floor) {
        break;
      }
      int cell =
          byLength[length].get(
              high & Ip6Network.highMask(length), low & Ip6Network.lowMask(length));
      if (cell != 0) {
        return ((long) length << 32) | cell;
      }
    }
    return NONE;
  }

  /** Writes the answer of a lookup result that is not {@link #NONE} into {@code out}. */
  void fill(long match, VerdictSlot out) {
    cells.fill((int) match, out);
    out.prefixLength((int) (match >>> 32));
  }

  /** The verdict for a lookup result that is not {@link #NONE}. */
  Verdict verdict(long high, long low, long match, boolean serverEntry) {
    int length = (int) (match >>> 32);
    Ip6Network network =
        new Ip6Network(
            high & Ip6Network.highMask(length), low & Ip6Network.lowMask(length), length);
    return cells.verdict((int) match, network, serverEntry);
  }

  /** Hands every answer of the table to the sink, longest networks first. */
  void forEachAnswer(AnswerSink sink) {
    for (int length : lengths) {
      byLength[length].forEach(
          (high, low, cell) ->
              cells.forEachAnswer(
                  cell, (kind, code, reason) -> sink.ip6(high, low, length, kind, code, reason)));
    }
  }

  /** Saves the table's arrays; {@link Writer#readFrom} reads them back. */
  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(lengths.length);
    for (int length : lengths) {
      out.writeByte(length);
      byLength[length].writeTo(out);
    }
    cells.writeTo(out);
  }

  /** Bytes held by the table's arrays (reason strings not counted), for memory estimates. */
  long arrayBytes(CellPool pool) {
    long bytes = 16 + 4L * byLength.length + 16 + 4L * lengths.length + pool.arrayBytes();
    for (Ip6Map map : byLength) {
      if (map != null) {
        bytes += map.arrayBytes();
      }
    }
    return bytes;
  }

  /**
   * Applies changes to one scope's IPv6 networks and publishes them as new tables. Changes made
   * since the last {@link #publish()} are invisible to readers until it is called; {@link
   * #discard()} drops them instead.
   *
   * @implNote Not thread-safe: one writer per scope, serialized by its owner.
   */
  static final class Writer {

    private Ip6Table current = EMPTY;
    private CellPool pool = new CellPool();
    private final Ip6Map.Editor[] editors = new Ip6Map.Editor[129];
    private boolean dirty;

    /** The last published table. */
    Ip6Table current() {
      return current;
    }

    /**
     * Sets the answer of {@code kind} for a network (host bits clear), replacing the one it had;
     * the answer of the other kind stays.
     */
    void put(long high, long low, int length, ListKind kind, int code, String reason) {
      Ip6Map.Editor editor = editor(length);
      int old = editor.get(high, low);
      int cell = pool.with(old, kind, code, reason);
      if (cell != old) {
        editor.put(high, low, cell);
      }
    }

    /** Removes the answer of {@code kind} for a network; the other kind's answer stays. */
    void remove(long high, long low, int length, ListKind kind) {
      if (editors[length] == null && current.byLength[length] == null) {
        return;
      }
      Ip6Map.Editor editor = editor(length);
      int old = editor.get(high, low);
      if (old == 0) {
        return;
      }
      int cell = pool.without(old, kind);
      if (cell == 0) {
        editor.remove(high, low);
      } else if (cell != old) {
        editor.put(high, low, cell);
      }
    }

    /** Publishes the changes made since the last call as a new table, and returns it. */
    Ip6Table publish() {
      if (!dirty) {
        return current;
      }
      Ip6Map[] byLength = current.byLength.clone();
      for (int length = 0; length <= 128; length++) {
        if (editors[length] != null) {
          Ip6Map map = editors[length].freeze();
          byLength[length] = map.size() == 0 ? null : map;
          editors[length] = null;
        }
      }
      dirty = false;
      current = build(byLength, pool);
      if (pool.needsCompaction(current.size)) {
        compact();
      }
      return current;
    }

    /**
     * Takes the table {@link Ip6Table#writeTo} saved as the current one, with the cells it refers
     * to. For a fresh writer only.
     */
    void readFrom(ByteBuffer in, Map<String, String> strings) {
      if (current != EMPTY || dirty) {
        throw new IllegalStateException("writer already in use");
      }
      Ip6Map[] byLength = new Ip6Map[129];
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        int length = in.get() & 0xff;
        if (length > 128 || byLength[length] != null) {
          throw new IllegalArgumentException("bad IPv6 prefix length " + length);
        }
        byLength[length] = Ip6Map.readFrom(in);
      }
      pool = CellPool.readFrom(in, strings);
      current = build(byLength, pool);
    }

    /** Drops the changes made since the last {@link #publish()}. */
    void discard() {
      Arrays.fill(editors, null);
      dirty = false;
    }

    /** Bytes held by the current table's arrays, for memory estimates. */
    long arrayBytes() {
      return current.arrayBytes(pool);
    }

    private Ip6Map.Editor editor(int length) {
      if (editors[length] == null) {
        Ip6Map base = current.byLength[length];
        editors[length] = new Ip6Map.Editor(base == null ? Ip6Map.EMPTY : base);
        dirty = true;
      }
      return editors[length];
    }

    private static Ip6Table build(Ip6Map[] byLength, CellPool pool) {
      int count = 0;
      int size = 0;
      for (Ip6Map map : byLength) {
        if (map != null) {
          count++;
          size += map.size();
        }
      }
      int[] lengths = new int[count];
      int n = 0;
      for (int length = 128; length >= 0; length--) {
        if (byLength[length] != null) {
          lengths[n++] = length;
        }
      }
      return new Ip6Table(byLength, lengths, pool.view(), size);
    }

    /** Rebuilds every map with a fresh pool holding only the cells still referenced. */
    private void compact() {
      CellPool fresh = new CellPool();
      int[] remap = new int[pool.size()];
      Ip6Map[] byLength = new Ip6Map[129];
      for (int length : current.lengths) {
        Ip6Map.Editor editor = new Ip6Map.Editor(Ip6Map.EMPTY);
        current.byLength[length].forEach(
            (high, low, cell) -> {
              if (remap[cell] == 0) {
                remap[cell] = fresh.copy(pool, cell);
              }
              editor.put(high, low, remap[cell]);
            });
        byLength[length] = editor.freeze();
      }
      pool = fresh;
      current = build(byLength, pool);
    }
  }
}
