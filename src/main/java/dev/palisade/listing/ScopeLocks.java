package dev.palisade.listing;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks, by account id, that keep the writes of one account's scopes in order within this
 * process: a writer holds its account's lock from the start of its transaction until the index has
 * applied the committed change, so the index sees the changes of a mail server's zone (its own and
 * its account's) in commit order, which is serial order. Readers never take them.
 */
final class ScopeLocks {

  private final ReentrantLock[] stripes = new ReentrantLock[64];

  ScopeLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  ReentrantLock of(long accountId) {
    return stripes[(int) Math.floorMod(accountId * 0x9E3779B97F4A7C15L >>> 32, stripes.length)];
  }
}
