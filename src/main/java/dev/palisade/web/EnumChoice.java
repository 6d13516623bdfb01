package dev.palisade.web;

import java.util.Locale;

/** A choice of a form or a query string read as one of an enum's constants. */
final class EnumChoice {

  private EnumChoice() {}

  /**
   * The constant of {@code type} named by {@code text} in any case, spaces around it ignored; null
   * when nothing or no such constant was chosen.
   */
  static <E extends Enum<E>> E parse(Class<E> type, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
