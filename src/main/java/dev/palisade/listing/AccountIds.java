package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account each write target's scope belongs to, as earlier writes found it: what lets {@link
 * ScopeWrites} take the account's lock before the write's transaction. Only a hint — the write
 * itself finds the scope — so a stale one (an account deleted and created again under its slug, on
 * any node) costs a retry, never a wrong write. Thread-safe.
 */
final class AccountIds {

  /** More targets than any installation has scopes; beyond, the hints start over. */
  private static final int MAX = 10_000;

  private final ConcurrentHashMap<String, Long> ids = new ConcurrentHashMap<>();

  /** The account last found for the target, or null. */
  Long get(WriteTarget target) {
    return ids.get(key(target));
  }

  /** Remembers the account a write found for the target. */
  void learn(WriteTarget target, long accountId) {
    if (ids.size() >= MAX) {
      ids.clear();
    }
    ids.put(key(target), accountId);
  }

  private static String key(WriteTarget target) {
    return target.id() != null ? "#" + target.id() : target.name();
  }
}
