package dev.palisade.listing;

/**
 * A bulk write stored in several transactions ({@code palisade.imports.transaction-entries}, on H2)
 * stopped after at least one of them committed: those parts stay stored, each with its serial, its
 * audit event and its row in the change feed, and DNS on every node that was running keeps
 * answering the scope as it was before the write (the scope stays held, {@link ImportRuns}).
 * Running the same write again completes it: what the stored parts wrote is found unchanged and not
 * written twice, and its last commit lifts the hold.
 */
public class PartlyStoredException extends RuntimeException {

  private final long written;
  private final int parts;

  PartlyStoredException(long written, int parts, RuntimeException cause) {
    super(
        "stopped after "
            + parts
            + (parts == 1 ? " part" : " parts")
            + " of the import had been stored ("
            + written
            + " entries new or updated): "
            + cause.getMessage()
            + ". What was stored stays stored; DNS keeps answering the scope as it was before the"
            + " import until the same import is run again, which completes it",
        cause);
    this.written = written;
    this.parts = parts;
  }

  /** Entries the committed parts created or updated. */
  public long written() {
    return written;
  }

  /** Parts (transactions) the write got through before it stopped. */
  public int parts() {
    return parts;
  }
}
