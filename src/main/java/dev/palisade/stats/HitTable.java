package dev.palisade.stats;

import dev.palisade.dnsbl.AsciiLabels;
import java.util.Arrays;

/**
 * Hits per distinct queried name between two flushes, keyed by the zone label, the list and the
 * name's labels in front of the zone as wire bytes (compared without regard to ASCII case). An
 * open-addressing table over parallel arrays with the names' bytes in one arena: counting a name
 * seen before allocates nothing, a new name only copies its bytes, and {@link #clear()} keeps the
 * arrays for the next interval. Holds at most {@code limit} names; {@link #add} refuses new ones
 * beyond.
 *
 * <p>Not thread-safe: {@link EntryHits} guards it with its monitor.
 */
final class HitTable {

  private final int limit;

  /** Open-addressing slots: 0 for empty, otherwise name index + 1. */
  private int[] slots;

  private int[] hashes;
  private String[] labels;
  private byte[] lists;
  private int[] starts;
  private short[] lengths;
  private long[] hits;
  private long[] lasts;

  /** The names' wire bytes, lower-case, one after another. */
  private byte[] arena;

  private int arenaUsed;
  private int size;

  /**
   * @param limit the most distinct names held
   */
  HitTable(int limit) {
    this.limit = limit;
    slots = new int[1024];
    int names = 512;
    hashes = new int[names];
    labels = new String[names];
    lists = new byte[names];
    starts = new int[names];
    lengths = new short[names];
    hits = new long[names];
    lasts = new long[names];
    arena = new byte[names * 16];
  }

  /**
   * Counts one hit of the name {@code wire[from, from + length)} under a zone, keeping the latest
   * time; returns false, counting nothing, when the name is new and the table holds {@code limit}
   * names.
   */
  boolean add(String label, int list, byte[] wire, int from, int length, long millis) {
    int hash = hash(label, list, wire, from, length);
    int mask = slots.length - 1;
    int slot = hash & mask;
    while (true) {
      int at = slots[slot] - 1;
      if (at < 0) {
        break;
      }
      if (hashes[at] == hash
          && lists[at] == list
          && lengths[at] == length
          && sameLabel(labels[at], label)
          && sameBytes(starts[at], wire, from, length)) {
        hits[at]++;
        lasts[at] = Math.max(lasts[at], millis);
        return true;
      }
      slot = (slot + 1) & mask;
    }
    if (size >= limit) {
      return false;
    }
    if (size == hashes.length) {
      growNames();
    }
    if (arenaUsed + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    int at = size++;
    for (int i = 0; i < length; i++) {
      arena[arenaUsed + i] = (byte) AsciiLabels.lower(wire[from + i]);
    }
    hashes[at] = hash;
    labels[at] = label;
    lists[at] = (byte) list;
    starts[at] = arenaUsed;
    lengths[at] = (short) length;
    hits[at] = 1;
    lasts[at] = millis;
    arenaUsed += length;
    slots[slot] = at + 1;
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
    return labels[i];
  }

  /** The list index of name {@code i} ({@code 0..3} for bl, wl, dbl, dwl). */
  int list(int i) {
    return lists[i];
  }

  /** The bytes all names live in; name {@code i} is at {@link #start}, {@link #length} long. */
  byte[] arena() {
    return arena;
  }

  int start(int i) {
    return starts[i];
  }

  int length(int i) {
    return lengths[i];
  }

  long hits(int i) {
    return hits[i];
  }

  /** The latest hit of name {@code i}, in epoch milliseconds. */
  long last(int i) {
    return lasts[i];
  }

  /** Forgets every name, keeping the arrays for the next interval. */
  void clear() {
    Arrays.fill(slots, 0);
    Arrays.fill(labels, 0, size, null);
    size = 0;
    arenaUsed = 0;
  }

  private boolean sameBytes(int start, byte[] wire, int from, int length) {
    for (int i = 0; i < length; i++) {
      if ((arena[start + i] & 0xff) != AsciiLabels.lower(wire[from + i])) {
        return false;
      }
    }
    return true;
  }

  /** Zone labels come from one table of the counters, so the same label is mostly one string. */
  private static boolean sameLabel(String a, String b) {
    return a == b || a.equals(b);
  }

  private static int hash(String label, int list, byte[] wire, int from, int length) {
    int h = 0x811c9dc5 ^ label.hashCode() ^ list;
    for (int i = 0; i < length; i++) {
      h = (h ^ AsciiLabels.lower(wire[from + i])) * 0x01000193;
    }
    return h ^ (h >>> 15);
  }

  private void growNames() {
    int names = hashes.length * 2;
    hashes = Arrays.copyOf(hashes, names);
    labels = Arrays.copyOf(labels, names);
    lists = Arrays.copyOf(lists, names);
    starts = Arrays.copyOf(starts, names);
    lengths = Arrays.copyOf(lengths, names);
    hits = Arrays.copyOf(hits, names);
    lasts = Arrays.copyOf(lasts, names);
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    int mask = slots.length - 1;
    for (int at = 0; at < size; at++) {
      int slot = hashes[at] & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = at + 1;
    }
  }
}
