package dev.palisade.index;

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

  /** One scope's tables and the serial of the stored scope they match. */
  public static final class Scope {
    private final long id;
    private final long entriesSerial;
    private final ScopeTables tables;

    Scope(long id, long entriesSerial, ScopeTables tables) {
      this.id = id;
      this.entriesSerial = entriesSerial;
      this.tables = tables;
    }

    /** The scope's id. */
    public long id() {
      return id;
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
