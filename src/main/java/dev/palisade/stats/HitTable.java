package dev.palisade.stats;

import dev.palisade.dnsbl.AsciiLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hits per distinct queried name between two flushes, keyed by the zone label, the list and the
 * name's labels in front of the zone as wire bytes (compared without regard to ASCII case).
 * Counting a name seen before allocates nothing, a new name only copies its bytes, and {@link
 * #clear()} keeps the arrays for the next interval. Holds at most {@code limit} names; {@link #add}
 * refuses new ones beyond.
 *
 * <p>Laid out for the memory, not the instructions: with a hundred thousand names the table is
 * larger than the processor's caches, and a hit costs the cache lines it touches. A slot holds the
 * name's hash next to its number, so a probe compares hashes without leaving the slot array; a
 * name's position, length, list, zone, hits and last hit share one 32-byte record; then its bytes
 * in the arena. Three lines per hit, where parallel arrays (one per field) took nine.
 *
 * <p>Not thread-safe: {@link EntryHits} guards it with its monitor.
 */
final class HitTable {

  /** Longs per name: position, length and list; hits; last hit; hash and zone. */
  private static final int RECORD = 4;

  private final int limit;

  /** Open-addressing slots: 0 for empty, else the name's hash (high half) and number + 1 (low). */
  private long[] slots;

  private long[] records;

  /** The names' wire bytes, lower-case, one after another. */
  private byte[] arena;

  /** Zone labels by number, and their numbers; a handful, so looked up in the processor cache. */
  private final List<String> labels = new ArrayList<>();

  private final Map<String, Integer> labelNumbers = new HashMap<>();

  private String lastLabel;
  private int lastLabelNumber;

  private int arenaUsed;
  private int size;

  /**
   * @param limit the most distinct names held
   */
  HitTable(int limit) {
    this.limit = limit;
    slots = new long[1024];
    records = new long[512 * RECORD];
    arena = new byte[512 * 16];
  }

  /**
   * Counts one hit of the name {@code wire[from, from + length)} under a zone, keeping the latest
   * time; returns false, counting nothing, when the name is new and the table holds {@code limit}
   * names.
   */
  boolean add(String label, int list, byte[] wire, int from, int length, long millis) {
    int zone = labelNumber(label);
    int hash = hash(zone, list, wire, from, length);
    long key = (long) hash << 32;
    long sameName = ((long) list << 48) | ((long) length << 32);
    int mask = slots.length - 1;
    int slot = hash & mask;
    while (true) {
      long entry = slots[slot];
      if (entry == 0) {
        break;
      }
      if ((entry & 0xffff_ffff_0000_0000L) == key) {
        int at = (int) entry - 1;
        int record = at * RECORD;
        long position = records[record];
        if ((position & 0xffff_ffff_0000_0000L) == sameName
            && (int) records[record + 3] == zone
            && sameBytes((int) position, wire, from, length)) {
          records[record + 1]++;
          records[record + 2] = Math.max(records[record + 2], millis);
          return true;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (size >= limit) {
      return false;
    }
    if ((size + 1) * RECORD > records.length) {
      records = Arrays.copyOf(records, records.length * 2);
    }
    if (arenaUsed + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    int at = size++;
    for (int i = 0; i < length; i++) {
      arena[arenaUsed + i] = (byte) AsciiLabels.lower(wire[from + i]);
    }
    int record = at * RECORD;
    records[record] = sameName | arenaUsed;
    records[record + 1] = 1;
    records[record + 2] = millis;
    records[record + 3] = key | zone;
    arenaUsed += length;
    slots[slot] = key | (at + 1);
    if (size * 2 > slots.length) {
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
    return labels.get((int) records[i * RECORD + 3]);
  }

  /** The list index of name {@code i} ({@code 0..3} for bl, wl, dbl, dwl). */
  int list(int i) {
    return (int) (records[i * RECORD] >>> 48);
  }

  /** The bytes all names live in; name {@code i} is at {@link #start}, {@link #length} long. */
  byte[] arena() {
    return arena;
  }

  int start(int i) {
    return (int) records[i * RECORD];
  }

  int length(int i) {
    return (int) (records[i * RECORD] >>> 32) & 0xffff;
  }

  long hits(int i) {
    return records[i * RECORD + 1];
  }

  /** The latest hit of name {@code i}, in epoch milliseconds. */
  long last(int i) {
    return records[i * RECORD + 2];
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

  private static int hash(int zone, int list, byte[] wire, int from, int length) {
    int h = 0x811c9dc5 ^ (zone * 0x9e3779b9) ^ list;
    for (int i = 0; i < length; i++) {
      h = (h ^ AsciiLabels.lower(wire[from + i])) * 0x01000193;
    }
    return h ^ (h >>> 15);
  }

  private void rehash() {
    slots = new long[slots.length * 2];
    int mask = slots.length - 1;
    for (int at = 0; at < size; at++) {
      long key = records[at * RECORD + 3] & 0xffff_ffff_0000_0000L;
      int slot = (int) (key >>> 32) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = key | (at + 1);
    }
  }
}
