package dev.palisade.index;

import dev.palisade.account.ScopeInfo;
import dev.palisade.listing.ActiveEntry;
import java.util.List;

/**
 * One consistent state of a {@link LiveIndex} for saving: the snapshot published at that moment and
 * every scope's tables with the serial their entries match. Immutable.
 */
public final class IndexImage {

  private final IndexSnapshot published;
  private final List<Scope> scopes;

  IndexImage(IndexSnapshot published, List<Scope> scopes) {
    this.published = published;
    this.scopes = List.copyOf(scopes);
  }

  /** The snapshot DNS answered from at that moment: a later image with the same one is equal. */
  public IndexSnapshot published() {
    return published;
  }

  /** The scopes, each with its tables. */
  public List<Scope> scopes() {
    return scopes;
  }

  /**
   * One scope's tables, the serial of the stored scope they match, the scope as the index knows it
   * and its entries waiting for their expiry.
   */
  public static final class Scope {
    private final ScopeInfo info;
    private final long entriesSerial;
    private final ScopeTables tables;
    private final List<ActiveEntry> expiring;

    Scope(ScopeInfo info, long entriesSerial, ScopeTables tables, List<ActiveEntry> expiring) {
      this.info = info;
      this.entriesSerial = entriesSerial;
      this.tables = tables;
      this.expiring = List.copyOf(expiring);
    }

    /** The scope's id. */
    public long id() {
      return info.id();
    }

    /** The scope's label, account link, serial and query ACL. */
    public ScopeInfo info() {
      return info;
    }

    /** The scope's entries that have an expiry still to come. */
    List<ActiveEntry> expiring() {
      return expiring;
    }

    /**
     * The serial of the stored scope whose entries the tables hold exactly; negative when that is
     * not known (a change was made elsewhere), and then the scope cannot be saved.
     */
    public long entriesSerial() {
      return entriesSerial;
    }

    ScopeTables tables() {
      return tables;
    }
  }
}
