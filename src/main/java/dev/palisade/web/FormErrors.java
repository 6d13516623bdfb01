package dev.palisade.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems of one submitted form, by field name, shown next to their fields; problems of the
 * whole form go under {@link #FORM}. The first problem of a field wins. Not thread-safe: one per
 * request.
 */
final class FormErrors {

  /** The key of problems that belong to no single field. */
  static final String FORM = "form";

  private final Map<String, String> byField = new LinkedHashMap<>();

  /** Notes a problem of a field, unless the field already has one. */
  void add(String field, String message) {
    byField.putIfAbsent(field, capitalise(message));
  }

  /** Runs a check that throws {@link IllegalArgumentException}; notes its message if it does. */
  <T> T check(String field, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      add(field, e.getMessage());
      return null;
    }
  }

  public boolean has(String field) {
    return byField.containsKey(field);
  }

  public String get(String field) {
    return byField.get(field);
  }

  public boolean any() {
    return !byField.isEmpty();
  }

  /** Every problem, in the order found, for the summary at the top of the form. */
  public List<String> all() {
    return new ArrayList<>(byField.values());
  }

  private static String capitalise(String message) {
    if (message == null || message.isEmpty()) {
      return "This value is not valid.";
    }
    return Character.toUpperCase(message.charAt(0)) + message.substring(1);
  }
}
