package dev.palisade.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The before and after states of an audited change as a readable diff: one row per field, the old
 * and the new value side by side, marked when they differ. States are the flat JSON objects the
 * audit trail keeps; a state that is not one (cut at its column's length, say) is shown whole as
 * its one field. Stateless.
 */
final class StateDiff {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One field of the states.
   *
   * @param before its value before, null when the state had none (or there was no state)
   * @param after its value after, likewise
   */
  record Field(String name, String before, String after) {

    /** Whether the change altered this field. */
    public boolean changed() {
      return !Objects.equals(before, after);
    }
  }

  private StateDiff() {}

  /** The fields of both states, in the order they first appear; empty when both are null. */
  static List<Field> of(String before, String after) {
    Map<String, String> old = fields(before);
    Map<String, String> now = fields(after);
    Set<String> names = new LinkedHashSet<>(old.keySet());
    names.addAll(now.keySet());
    List<Field> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(new Field(name, old.get(name), now.get(name)));
    }
    return rows;
  }

  private static Map<String, String> fields(String state) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    if (state == null) {
      return fields;
    }
    try {
      JsonNode node = JSON.readTree(state);
      if (node != null && node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          JsonNode value = field.getValue();
          fields.put(field.getKey(), value.isNull() ? null : value.asString());
        }
        return fields;
      }
    } catch (JacksonException e) {
      // Not JSON (a state cut short): shown whole below.
    }
    fields.put("state", state);
    return fields;
  }
}
