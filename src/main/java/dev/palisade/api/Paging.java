package dev.palisade.api;

/**
 * Checks the {@code page} and {@code size} parameters of listings: a page past what a database
 * offset can address is a client's error (400), not a failed query (500).
 */
final class Paging {

  /** Largest page of a listing. */
  static final int MAX_SIZE = 1000;

  /**
   * Largest number of items a page may skip: JPA offsets are {@code int}s, and past them the query
   * would fail.
   */
  static final int MAX_OFFSET = Integer.MAX_VALUE - MAX_SIZE;

  private Paging() {}

  static void check(int page, int size) {
    if (page < 0) {
      throw InvalidRequestException.field("page", "page " + page + " is negative");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw InvalidRequestException.field(
          "size", "size " + size + " is not between 1 and " + MAX_SIZE);
    }
    if ((long) page * size > MAX_OFFSET) {
      throw InvalidRequestException.field(
          "page", "page " + page + " of size " + size + " starts past entry " + MAX_OFFSET);
    }
  }
}
