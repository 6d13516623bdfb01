package dev.palisade.listing;

/**
 * A bulk write stored in several transactions ({@code palisade.imports.transaction-entries}, on H2)
 * stopped after at least one of them committed: those parts stay stored, each with its serial, its
 * audit event and its row in the change feed. The scope is released ({@link #released()}): DNS on
 * every node answers what the database holds, those parts and every other write included, rather
 * than the scope as it was before the write. Running the same write again completes it: what the
 * stored parts wrote is found unchanged and not written twice.
 */
public class PartlyStoredException extends RuntimeException {

  private final long written;
  private final int parts;
  private final boolean released;

  PartlyStoredException(long written, int parts, RuntimeException cause, boolean released) {
    super(
        "stopped after "
            + parts
            + (parts == 1 ? " part" : " parts")
            + " of the import had been stored ("
            + written
            + " entries new or updated): "
            + cause.getMessage()
            + ". What was stored stays stored"
            + (released
                ? " and DNS answers it; running the same import again completes it"
                : "; DNS answers the list as it was before the import until the same import is"
                    + " run again, which completes it, or Palisade starts again"),
        cause);
    this.written = written;
    this.parts = parts;
    this.released = released;
  }

  /** Entries the committed parts created or updated. */
  public long written() {
    return written;
  }

  /** Parts (transactions) the write got through before it stopped. */
  public int parts() {
    return parts;
  }

  /**
   * Whether the scope was released, so that DNS answers the parts stored; false when even that
   * failed (the database gone): the next start releases it, as it does after a crash.
   */
  public boolean released() {
    return released;
  }
}
