package dev.palisade.stats;

import dev.palisade.dnsbl.AsciiLabels;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReversedName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hits per distinct queried name between two attributions, keyed by the zone label, the list and
 * the name's labels in front of the zone as wire bytes (compared without regard to ASCII case).
 * Counting a name seen before allocates nothing, a new name only copies its bytes, and {@link
 * #clear()} keeps the arrays for the next interval. Holds at most {@code limit} names; {@link #add}
 * refuses new ones beyond.
 *
 * <p>Laid out for the memory, not the instructions: with a hundred thousand names the table is
 * larger than the processor's caches, and a hit costs the cache lines it touches. Each name lives
 * in its slot — key, hits, last hit and where its bytes are, 32 bytes — so counting a name seen
 * before reads one slot, mostly one cache line. A reversed IPv4 address in an address list (most of
 * what a DNSBL answers) is keyed by the address itself, packed with its zone and list into the
 * slot's key, so its bytes are never compared again; other names are keyed by a hash and their
 * bytes compared in the arena. (The table before this one kept a slot array, records and the arena
 * apart: three or four cache lines per hit, 0.5 µs per listed answer on a busy machine; see {@code
 * deploy/bench/README.md}, "Background work".) An address has one spelling ({@link ReversedName}
 * refuses leading zeros), so its key stands for exactly one name.
 *
 * <p>Not thread-safe: {@link EntryHits} guards it with its monitor.
 */
final class HitTable {

  /** Longs per slot: key (0 = empty), hits, last hit, where the name is (see {@link #name}). */
  private static final int SLOT = 4;

  /** Marks a key that is a reversed IPv4 address: zone number, list, address. */
  private static final long IP4 = 1L << 63;

  /** Marks a key that is a hash of the name's bytes. */
  private static final long HASHED = 1L << 62;

  private final int limit;

  /** Open addressing, {@link #SLOT} longs per slot. */
  private long[] slots;

  /** The slot of each name, in the order the names came. */
  private int[] order;

  /** The names' wire bytes, lower-case, one after another. */
  private byte[] arena;

  /** Zone labels by number, and their numbers; a handful, so looked up in the processor cache. */
  private final List<String> labels = new ArrayList<>();

  private final Map<String, Integer> labelNumbers = new HashMap<>();

  private final ReversedName reversed = new ReversedName();

  private String lastLabel;
  private int lastLabelNumber;

  private int arenaUsed;
  private int size;

  /**
   * @param limit the most distinct names held
   */
  HitTable(int limit) {
    this.limit = limit;
    slots = new long[1024 * SLOT];
    order = new int[512];
    arena = new byte[512 * 16];
  }

  /**
   * Counts one hit of the name {@code wire[from, from + length)} under a zone, keeping the latest
   * time; returns false, counting nothing, when the name is new and the table holds {@code limit}
   * names.
   */
  boolean add(String label, int list, byte[] wire, int from, int length, long millis) {
    int zone = labelNumber(label);
    long key;
    if (ListZone.ofOrdinal(list).addresses()
        && length <= 16
        && reversed.read(wire, from, length) == ReversedName.Form.IP4) {
      key = IP4 | (long) zone << 34 | (long) list << 32 | (reversed.ip4() & 0xffff_ffffL);
    } else {
      key = HASHED | (hash(zone, list, wire, from, length) & (HASHED - 1));
    }
    long name = ((long) zone << 42) | ((long) list << 40) | ((long) length << 32);
    int mask = slots.length / SLOT - 1;
    int slot = spread(key) & mask;
    while (true) {
      int at = slot * SLOT;
      long found = slots[at];
      if (found == 0) {
        break;
      }
      if (found == key
          && (key < 0
              || ((slots[at + 3] & 0xffff_ffff_0000_0000L) == name
                  && sameBytes((int) slots[at + 3], wire, from, length)))) {
        slots[at + 1]++;
        slots[at + 2] = Math.max(slots[at + 2], millis);
        return true;
      }
      slot = (slot + 1) & mask;
    }
    if (size >= limit) {
      return false;
    }
    if (size == order.length) {
      order = Arrays.copyOf(order, order.length * 2);
    }
    if (arenaUsed + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    for (int i = 0; i < length; i++) {
      arena[arenaUsed + i] = (byte) AsciiLabels.lower(wire[from + i]);
    }
    int at = slot * SLOT;
    slots[at] = key;
    slots[at + 1] = 1;
    slots[at + 2] = millis;
    slots[at + 3] = name | arenaUsed;
    arenaUsed += length;
    order[size++] = slot;
    if (size * 2 > slots.length / SLOT) {
      rehash();
    }
    return true;
  }

  /** Distinct names held. */
  int size() {
    return size;
  }

  /** The zone label of name {@code i}, {@code 0 <= i < size()}. */
  String label(int i) {
    return labels.get((int) (name(i) >>> 42));
  }

  /** The list index of name {@code i} ({@code 0..3} for bl, wl, dbl, dwl). */
  int list(int i) {
    return (int) (name(i) >>> 40) & 3;
  }

  /** The bytes all names live in; name {@code i} is at {@link #start}, {@link #length} long. */
  byte[] arena() {
    return arena;
  }

  int start(int i) {
    return (int) name(i);
  }

  int length(int i) {
    return (int) (name(i) >>> 32) & 0xff;
  }

  long hits(int i) {
    return slots[order[i] * SLOT + 1];
  }

  /** The latest hit of name {@code i}, in epoch milliseconds. */
  long last(int i) {
    return slots[order[i] * SLOT + 2];
  }

  /** Forgets every name, keeping the arrays for the next interval. */
  void clear() {
    Arrays.fill(slots, 0);
    labels.clear();
    labelNumbers.clear();
    lastLabel = null;
    size = 0;
    arenaUsed = 0;
  }

  /** Zone number (22 bits), list (2), length (8) and position in the arena (32) of name i. */
  private long name(int i) {
    return slots[order[i] * SLOT + 3];
  }

  /** The number of a zone label; the same label mostly comes as the same string, as last time. */
  private int labelNumber(String label) {
    if (label == lastLabel) {
      return lastLabelNumber;
    }
    Integer number = labelNumbers.get(label);
    if (number == null) {
      number = labels.size();
      labels.add(label);
      labelNumbers.put(label, number);
    }
    lastLabel = label;
    lastLabelNumber = number;
    return number;
  }

  private boolean sameBytes(int start, byte[] wire, int from, int length) {
    for (int i = 0; i < length; i++) {
      if ((arena[start + i] & 0xff) != AsciiLabels.lower(wire[from + i])) {
        return false;
      }
    }
    return true;
  }

  private static long hash(int zone, int list, byte[] wire, int from, int length) {
    long h = 0xcbf29ce484222325L ^ (zone * 0x9e3779b97f4a7c15L) ^ list;
    for (int i = 0; i < length; i++) {
      h = (h ^ AsciiLabels.lower(wire[from + i])) * 0x100000001b3L;
    }
    return h;
  }

  /** The slot number's bits from all of the key's. */
  private static int spread(long key) {
    long h = key * 0x9e3779b97f4a7c15L;
    return (int) (h ^ (h >>> 32));
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length / SLOT - 1;
    for (int i = 0; i < size; i++) {
      int from = order[i] * SLOT;
      int slot = spread(old[from]) & mask;
      while (slots[slot * SLOT] != 0) {
        slot = (slot + 1) & mask;
      }
      System.arraycopy(old, from, slots, slot * SLOT, SLOT);
      order[i] = slot;
    }
  }
}
