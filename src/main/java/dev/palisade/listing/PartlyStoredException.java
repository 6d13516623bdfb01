package dev.palisade.listing;

/**
 * A bulk write stored in several transactions ({@code palisade.imports.transaction-entries}, on H2)
 * stopped after at least one of them committed: those parts stay stored, each with its serial, its
 * audit event and its row in the change feed. The scope is released ({@link #released()}): DNS on
 * every node answers what the database holds, those parts and every other write included, rather
 * than the scope as it was before the write. Running the same write again (the same import, the
 * next check of the same feed) completes it: what the stored parts wrote is found unchanged and not
 * written twice. Its message says so in the words of the write, an import's or a feed's.
 */
public class PartlyStoredException extends RuntimeException {

  private final boolean feed;
  private final long written;
  private final int parts;
  private final boolean released;

  PartlyStoredException(
      EntrySource source, long written, int parts, RuntimeException cause, boolean released) {
    super(message(source == EntrySource.FEED, written, parts, cause.getMessage(), released), cause);
    this.feed = source == EntrySource.FEED;
    this.written = written;
    this.parts = parts;
    this.released = released;
  }

  /**
   * This exception's message with the cause told in other words, for a caller that knows the cause
   * better (a bad line found on the file's second read is no longer "nothing was imported").
   */
  public String toldWith(String cause) {
    return message(feed, written, parts, cause, released);
  }

  private static String message(
      boolean feed, long written, int parts, String cause, boolean released) {
    String again =
        feed
            ? "the next check of the feed applies its file again and completes it"
            : "running the same import again completes it";
    String until =
        feed
            ? "the update until the next check of the feed completes it"
            : "the import until the same import is run again, which completes it";
    return "stopped after "
        + parts
        + (parts == 1 ? " part" : " parts")
        + (feed ? " of the feed's update" : " of the import")
        + " had been stored ("
        + written
        + (feed ? " entries new, updated or deleted): " : " entries new or updated): ")
        + cause
        + ". What was stored stays stored"
        + (released
            ? " and DNS answers it; " + again
            : "; DNS answers the list as it was before " + until + ", or Palisade starts again");
  }

  /** Entries the committed parts created or updated (and, of a feed, deleted). */
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
