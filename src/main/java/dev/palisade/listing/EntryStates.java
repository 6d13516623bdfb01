package dev.palisade.listing;

import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an entry's state as the JSON the audit trail keeps before and after a change. Streams the
 * fields with a generator rather than through a map: a bulk write produces one state per entry.
 */
@Component
class EntryStates {

  private final JsonMapper json;

  EntryStates(JsonMapper json) {
    this.json = json;
  }

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

  String json(
      ListKind kind,
      String value,
      Integer returnCode,
      String reason,
      Instant expiresAt,
      boolean enabled,
      EntrySource source) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator generator = json.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringProperty("list", kind.name().toLowerCase(Locale.ROOT));
      generator.writeStringProperty("value", value);
      generator.writeStringProperty(
          "returnCode", returnCode == null ? null : ReturnCode.format(returnCode));
      generator.writeStringProperty("reason", reason);
      generator.writeStringProperty("expiresAt", expiresAt == null ? null : expiresAt.toString());
      generator.writeBooleanProperty("enabled", enabled);
      generator.writeStringProperty("source", source.name().toLowerCase(Locale.ROOT));
      generator.writeEndObject();
    }
    return out.toString();
  }
}
