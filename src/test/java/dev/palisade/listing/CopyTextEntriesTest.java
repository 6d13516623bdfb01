package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyTextEntriesTest {

  private final CopyTextEntries rows =
      new CopyTextEntries(
          new ListingSettings(
              new ListingSettings.ReturnCodes("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"),
              Duration.ofSeconds(1),
              Duration.ofDays(30),
              20_000,
              100_000));

  @Test
  void decodesEveryColumn() {
    ActiveEntry entry =
        decode("42\t7\tBLOCK\tIPV4\t10.1.2.0/24\t2130706436\tListed: spam source\t1733480000123\n");

    assertThat(entry)
        .isEqualTo(
            new ActiveEntry(
                42,
                7,
                ListKind.BLOCK,
                EntryValue.parseStored(ValueType.IPV4, "10.1.2.0/24"),
                2130706436,
                "Listed: spam source",
                Instant.ofEpochMilli(1_733_480_000_123L)));
  }

  @Test
  void missingReturnCodeIsTheListDefaultAndMissingReasonIsNull() {
    assertThat(decode("1\t2\tALLOW\tDOMAIN\t*.example.org\t\\N\t\\N\t\\N").returnCode())
        .isEqualTo(ReturnCode.parse("127.0.0.5"));
    assertThat(decode("1\t2\tBLOCK\tIPV6\t2001:db8::/32\t\\N\t\\N\t\\N").returnCode())
        .isEqualTo(ReturnCode.parse("127.0.0.2"));
    assertThat(decode("1\t2\tALLOW\tIPV4\t192.0.2.1\t\\N\t\\N\t\\N").reason()).isNull();
  }

  @Test
  void resolvesEscapesAndMultiByteText() {
    ActiveEntry entry =
        decode("1\t2\tBLOCK\tIPV4\t192.0.2.1\t\\N\ttab\\there\\\\back\\nline \u00e9t\u00e9\t\\N");

    assertThat(entry.reason()).isEqualTo("tab\there\\back\nline \u00e9t\u00e9");
  }

  @Test
  void equalConsecutiveReasonsShareOneString() {
    String first = decode("1\t2\tBLOCK\tIPV4\t192.0.2.1\t\\N\tsame\t\\N").reason();
    String second = decode("2\t2\tBLOCK\tIPV4\t192.0.2.2\t\\N\tsame\t\\N").reason();
    String other = decode("3\t2\tBLOCK\tIPV4\t192.0.2.3\t\\N\tother\t\\N").reason();

    assertThat(second).isSameAs(first);
    assertThat(other).isEqualTo("other");
  }

  @Test
  void rejectsRowsOfAnotherShapeAndInvalidValues() {
    assertThatThrownBy(() -> decode("1\t2\tBLOCK\tIPV4\t192.0.2.1\t\\N"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> decode("x\t2\tBLOCK\tIPV4\t192.0.2.1\t\\N\t\\N\t\\N"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> decode("9\t2\tBLOCK\tIPV4\tnot-an-address\t\\N\t\\N\t\\N"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("entry 9");
  }

  private ActiveEntry decode(String row) {
    return rows.decode(row.getBytes(StandardCharsets.UTF_8));
  }
}
