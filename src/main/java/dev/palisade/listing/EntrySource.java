package dev.palisade.listing;

/** Where an entry came from; shown to admins and kept for the audit trail. */
public enum EntrySource {
  /** Typed by an admin in the web UI. */
  MANUAL,
  /** Written by a tool through the REST API. */
  API,
  /** Read from a file in rbldnsd format. */
  IMPORT,
  /**
   * Kept in step with a feed's file (a list mirrored by rsync); changed only by the feed, never by
   * hand.
   */
  FEED,
  /** The sample data loaded on first start. */
  SAMPLE,
  /** Palisade itself, when an entry's time is up; only ever an audit source. */
  EXPIRY
}
