package dev.palisade.listing;

import dev.palisade.account.WriteTarget;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scope ids that writes naming a scope ({@link WriteTarget#named}) found, by name: what lets
 * {@link ScopeWrites} take a named scope's lock before the write's transaction. Only a hint — the
 * write itself finds the scope by name — so a stale id (a scope deleted and created again, on any
 * node) costs a retry, never a wrong write. Thread-safe.
 */
final class ScopeIds {

  /** More names than any installation has scopes; beyond, the hints start over. */
  private static final int MAX = 10_000;

  private final ConcurrentHashMap<String, Long> ids = new ConcurrentHashMap<>();

  /** The id last found for the target's name, or null. */
  Long get(WriteTarget target) {
    String name = target.name();
    return name == null ? null : ids.get(name);
  }

  /** Remembers the id a write found for the target's name. */
  void learn(WriteTarget target, long scopeId) {
    String name = target.name();
    if (name == null) {
      return;
    }
    if (ids.size() >= MAX) {
      ids.clear();
    }
    ids.put(name, scopeId);
  }
}
