package dev.palisade.listing;

import dev.palisade.account.ScopeDetails;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Writes an entry's state as the JSON the audit trail keeps before and after a change. Appends the
 * seven fixed fields to one builder, without a JSON generator or a map: a bulk write of a hundred
 * thousand entries produces a state per entry, and a generator per state cost a tenth of its CPU.
 */
@Component
class EntryStates {

  /** The field of a moved entry's state naming its scope, for people ({@code acme/mx1}). */
  static final String SCOPE = "scope";

  /** The field of a moved entry's state holding its scope's id: where an undo moves it back. */
  static final String SCOPE_ID = "scopeId";

  String json(Entry entry) {
    return json(
        entry.getKind(),
        entry.getValue(),
        entry.getReturnCode(),
        entry.getReason(),
        entry.getExpiresAt(),
        entry.isEnabled(),
        entry.getSource());
  }

  /**
   * The state of an entry that a move takes from one scope or list to another, on the scope it is
   * on: the seven fields, then {@link #SCOPE} and {@link #SCOPE_ID}. A move's record is the only
   * one that names the scope, as the only one whose entry changes scope: the state before says
   * where the entry came from, so the move can be undone.
   */
  String json(Entry entry, ScopeDetails scope) {
    String state = json(entry);
    StringBuilder out = new StringBuilder(state.length() + 64);
    out.append(state, 0, state.length() - 1);
    property(out, SCOPE, scope.displayName());
    out.append(",\"").append(SCOPE_ID).append("\":").append(scope.scopeId()).append('}');
    return out.toString();
  }

  String json(
      ListKind kind,
      String value,
      Integer returnCode,
      String reason,
      Instant expiresAt,
      boolean enabled,
      EntrySource source) {
    StringBuilder out = new StringBuilder(160);
    out.append("{\"list\":\"").append(kind.listName()).append('"');
    property(out, "value", value);
    property(out, "returnCode", returnCode == null ? null : ReturnCode.format(returnCode));
    property(out, "reason", reason);
    property(out, "expiresAt", expiresAt == null ? null : expiresAt.toString());
    out.append(",\"enabled\":").append(enabled);
    property(out, "source", source.name().toLowerCase(Locale.ROOT));
    out.append('}');
    return out.toString();
  }

  /** {@code ,"name":"text"} (or {@code null}), escaped as a JSON generator would. */
  private static void property(StringBuilder out, String name, String text) {
    out.append(",\"").append(name).append("\":");
    if (text == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04X", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    out.append('"');
  }
}
