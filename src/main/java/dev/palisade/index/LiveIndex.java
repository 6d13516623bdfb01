package dev.palisade.index;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import java.util.Collection;

/**
 * The current index: built once at start-up, then kept current by applying committed changes. Each
 * change builds the affected structures aside and publishes a new {@link IndexSnapshot} by swapping
 * one volatile reference, so readers never lock and always see a whole transaction or none of it.
 *
 * @implNote Writers are serialized internally; {@link #snapshot()} is a plain volatile read.
 */
public final class LiveIndex {

  /** The current snapshot. */
  public IndexSnapshot snapshot() {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Starts a bulk build that replaces everything once {@link Loader#publish()} is called: used at
   * start-up, where entries are streamed from the database.
   */
  public Loader loader(Collection<ScopeInfo> scopes, long baseSerial) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Applies one committed change to a scope's entries and publishes a new snapshot. */
  public void apply(EntriesChanged change) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Applies a committed change to the set of scopes: new scopes start empty, deleted ones drop out
   * with their entries, labels and serials are updated.
   */
  public void apply(ScopesChanged change) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Collects entries for a bulk build. Not thread-safe; use from one thread. */
  public interface Loader {

    /** Adds one active entry; its scope must be one of the loader's scopes. */
    void add(ActiveEntry entry);

    /** Builds the structures and publishes them as the new snapshot. */
    void publish();
  }
}
