package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EntryStatesTest {

  private final EntryStates states = new EntryStates();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void writesTheSameJsonAsAGenerator() {
    String reason = "quote \" backslash \\ newline \n tab \t bell \u0007 unicode \u00e9\u2603";
    Instant expires = Instant.parse("2030-01-31T12:00:00Z");
    String written =
        states.json(
            ListKind.ALLOW, "192.0.2.0/24", 0x7f000002, reason, expires, false, EntrySource.API);

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("list", "allow");
    expected.put("value", "192.0.2.0/24");
    expected.put("returnCode", ReturnCode.format(0x7f000002));
    expected.put("reason", reason);
    expected.put("expiresAt", "2030-01-31T12:00:00Z");
    expected.put("enabled", false);
    expected.put("source", "api");
    assertThat(written).isEqualTo(json.writeValueAsString(expected));
  }

  @Test
  void writesAbsentFieldsAsNull() {
    String written =
        states.json(ListKind.BLOCK, "example.com", null, null, null, true, EntrySource.IMPORT);

    assertThat(written)
        .isEqualTo(
            "{\"list\":\"block\",\"value\":\"example.com\",\"returnCode\":null,\"reason\":null,"
                + "\"expiresAt\":null,\"enabled\":true,\"source\":\"import\"}");
  }
}
