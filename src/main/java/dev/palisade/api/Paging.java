package dev.palisade.api;

/** Checks the {@code page} and {@code size} parameters of listings. */
final class Paging {

  /** Largest page of a listing. */
  static final int MAX_SIZE = 1000;

  private Paging() {}

  static void check(int page, int size) {
    if (page < 0) {
      throw InvalidRequestException.field("page", "page " + page + " is negative");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw InvalidRequestException.field(
          "size", "size " + size + " is not between 1 and " + MAX_SIZE);
    }
  }
}
