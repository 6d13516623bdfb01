package dev.palisade.dns;

import dev.palisade.dnsbl.AsciiLabels;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.ZoneView;
import java.util.Arrays;

/**
 * The scopes' zone views by scope label, as a query names them, for the snapshot they came from:
 * the common query finds its zone by comparing label bytes, without building the label's string.
 * Emptied whenever a new snapshot is asked; a label that is no scope is not cached.
 *
 * <p>Reused by one thread: not thread-safe. Allocation-free once a label is cached.
 */
final class ZoneViewCache {

  private static final int SLOTS = 64;

  private IndexSnapshot snapshot;
  private final byte[][] labels = new byte[SLOTS][];
  private final ZoneView[] views = new ZoneView[SLOTS];
  private final StringBuilder text = new StringBuilder(64);

  /**
   * The view of the scope the wire label at {@code q[at]} names, in {@code snapshot}, ignoring
   * ASCII case; null when the label names no scope.
   */
  ZoneView find(IndexSnapshot snapshot, byte[] q, int at) {
    if (snapshot != this.snapshot) {
      Arrays.fill(labels, null);
      Arrays.fill(views, null);
      this.snapshot = snapshot;
    }
    int len = q[at] & 0xff;
    int hash = 0;
    for (int i = 1; i <= len; i++) {
      hash = 31 * hash + AsciiLabels.lower(q[at + i]);
    }
    int slot = (hash & 0x7fffffff) % SLOTS;
    byte[] cached = labels[slot];
    if (cached != null && AsciiLabels.equalsIgnoreCase(q, at, cached)) {
      return views[slot];
    }
    return miss(snapshot, q, at, slot);
  }

  private ZoneView miss(IndexSnapshot snapshot, byte[] q, int at, int slot) {
    StringBuilder label = text;
    label.setLength(0);
    if (!Labels.appendHostLabel(q, at, label)) {
      return null;
    }
    ZoneView view = snapshot.zone(label.toString());
    if (view != null) {
      int len = q[at] & 0xff;
      byte[] key = new byte[len];
      for (int i = 0; i < len; i++) {
        key[i] = (byte) AsciiLabels.lower(q[at + 1 + i]);
      }
      labels[slot] = key;
      views[slot] = view;
    }
    return view;
  }
}
