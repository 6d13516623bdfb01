package dev.palisade.listing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes an entry's state as the JSON the audit trail keeps before and after a change. */
@Component
class EntryStates {

  private final JsonMapper json;

  EntryStates(JsonMapper json) {
    this.json = json;
  }

  String json(Entry entry) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("list", entry.getKind().name().toLowerCase(java.util.Locale.ROOT));
    state.put("value", entry.getValue());
    state.put(
        "returnCode",
        entry.getReturnCode() == null ? null : ReturnCode.format(entry.getReturnCode()));
    state.put("reason", entry.getReason());
    state.put("expiresAt", entry.getExpiresAt() == null ? null : entry.getExpiresAt().toString());
    state.put("enabled", entry.isEnabled());
    state.put("source", entry.getSource().name().toLowerCase(java.util.Locale.ROOT));
    return json.writeValueAsString(state);
  }
}
