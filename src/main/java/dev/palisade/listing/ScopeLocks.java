package dev.palisade.listing;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that keep the writes of one scope in order within this process: a writer holds its
 * scope's lock from the start of its transaction until the index has applied the committed change,
 * so the index sees one scope's changes in commit order. Readers never take them.
 */
final class ScopeLocks {

  private final ReentrantLock[] stripes = new ReentrantLock[64];

  ScopeLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  ReentrantLock of(long scopeId) {
    return stripes[(int) Math.floorMod(scopeId * 0x9E3779B97F4A7C15L >>> 32, stripes.length)];
  }
}
