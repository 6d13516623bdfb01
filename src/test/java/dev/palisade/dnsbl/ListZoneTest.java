package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListZoneTest {

  @ParameterizedTest(name = "{0}: {1}, {2}, addresses={3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BL  | bl  | BLOCK | true",
        "WL  | wl  | ALLOW | true",
        "DBL | dbl | BLOCK | false",
        "DWL | dwl | ALLOW | false",
      })
  void namesWhatEachListHolds(ListZone zone, String label, ListKind lists, boolean addresses) {
    assertThat(zone.label()).isEqualTo(label);
    assertThat(zone.lists()).isEqualTo(lists);
    assertThat(zone.addresses()).isEqualTo(addresses);
    assertThat(ListZone.of(lists, addresses)).isSameAs(zone);
    assertThat(ListZone.ofOrdinal(zone.ordinal())).isSameAs(zone);
  }

  @Test
  void countsInTheOrderTheStatisticsKeep() {
    assertThat(ListZone.values())
        .extracting(ListZone::label)
        .containsExactly("bl", "wl", "dbl", "dwl");
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BLOCK | IPV4   | BL",
        "BLOCK | IPV6   | BL",
        "BLOCK | DOMAIN | DBL",
        "ALLOW | IPV4   | WL",
        "ALLOW | IPV6   | WL",
        "ALLOW | DOMAIN | DWL",
      })
  void holdsEachTypeOfValueInOneZonePerKind(ListKind kind, ValueType type, ListZone zone) {
    assertThat(ListZone.of(kind, type)).isSameAs(zone);
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        "bl   | BL",
        "WL   | WL",
        "Dbl  | DBL",
        "dWL  | DWL",
        "b    | none",
        "bll  | none",
        "xl   | none",
        "dbll | none",
        "dw   | none",
        "dnl  | none",
      })
  void findsTheZoneOfALabelIgnoringCase(String label, ListZone zone) {
    byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
    // A wire label somewhere inside a buffer: junk, length byte, label, junk.
    byte[] wire = new byte[ascii.length + 3];
    wire[0] = 'x';
    wire[1] = (byte) ascii.length;
    System.arraycopy(ascii, 0, wire, 2, ascii.length);
    wire[wire.length - 1] = 'l';
    assertThat(ListZone.ofWireLabel(wire, 1)).isEqualTo(zone);
  }

  @Test
  void readsNoZoneInAnEmptyOrLongWireLabel() {
    assertThat(ListZone.ofWireLabel(new byte[] {0}, 0)).isNull();
    assertThat(ListZone.ofWireLabel(new byte[] {(byte) 200, 'b', 'l'}, 0)).isNull();
  }
}
