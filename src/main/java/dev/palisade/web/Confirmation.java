package dev.palisade.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ui.Model;

/**
 * A page that asks before an action someone else would feel at once — revoking a token a script
 * uses, deleting a user, taking away a member's access, stopping an old zone name. The action's
 * form posts without {@code confirmed}; its handler answers with this page, whose button posts the
 * same fields again with {@code confirmed=true}. So it works without JavaScript. Immutable.
 *
 * @param title the question, as the page's heading
 * @param message what happens, in the words of whoever it happens to
 * @param action the URL the confirmed form posts to
 * @param button the text of the button that does it
 * @param cancel where "Cancel" leads
 * @param fields the form's other fields, posted again unchanged
 */
record Confirmation(
    String title,
    String message,
    String action,
    String button,
    String cancel,
    Map<String, String> fields) {

  /** The template that shows it. */
  static final String TEMPLATE = "confirm/page";

  Confirmation {
    fields = new LinkedHashMap<>(fields);
  }

  Confirmation(String title, String message, String action, String button, String cancel) {
    this(title, message, action, button, cancel, Map.of());
  }

  /** Whether the form was posted from a confirmation page. */
  static boolean given(String confirmed) {
    return "true".equals(confirmed);
  }

  /** Puts the confirmation in the model and names its template. */
  String show(Model model) {
    model.addAttribute("confirmation", this);
    return TEMPLATE;
  }
}
