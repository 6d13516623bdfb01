package dev.palisade.web;

import dev.palisade.common.ConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.ui.Model;

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
  <T> T check(String field, Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      add(field, e.getMessage());
      return null;
    }
  }

  /**
   * Runs a change the services may refuse, with {@link ConflictException} (a name already taken) or
   * {@link IllegalArgumentException} (a value they do not accept); notes the refusal's message
   * under the field if they do, and returns null then.
   */
  <T> T attempt(String field, Supplier<T> change) {
    try {
      return change.get();
    } catch (ConflictException | IllegalArgumentException e) {
      add(field, e.getMessage());
      return null;
    }
  }

  /**
   * Puts a form's fields (as submitted, or as the page first shows them) and these problems into
   * the model of the form's page, as {@code form} and {@code errors}.
   *
   * @return {@code view}, the page's template
   */
  String page(Model model, Object form, String view) {
    model.addAttribute("form", form);
    model.addAttribute("errors", this);
    return view;
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
