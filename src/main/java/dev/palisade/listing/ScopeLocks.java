package dev.palisade.listing;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks, by account id, that keep the writes of one account's scopes in order within this
 * process: a writer holds its account's lock from the start of its transaction until the index has
 * applied the committed change, so the index sees the changes of a mail server's zone (its own and
 * its account's) in commit order, which is serial order. Readers never take them.
 *
 * <p>They are fair: a writer that waits gets the lock before one that asks later, so a write stored
 * in parts ({@link PartedUpserts}), which takes the lock again for every part, lets the writes that
 * queued during a part go first instead of taking the lock back at once for minutes.
 */
final class ScopeLocks {

  private final ReentrantLock[] stripes = new ReentrantLock[64];

  ScopeLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock(true);
    }
  }

  ReentrantLock of(long accountId) {
    return stripes[(int) Math.floorMod(accountId * 0x9E3779B97F4A7C15L >>> 32, stripes.length)];
  }
}
