package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ReversedName.Form;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReversedNameTest {

  private static final String IP6_NIBBLES =
      "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      value = {
        // Four octets, the label nearest the zone first (RFC 5782 §2.1).
        "10.2.0.192        | IP4       | 192.0.2.10      | false",
        "2.0.0.127         | IP4       | 127.0.0.2       | false",
        "255.255.255.255   | IP4       | 255.255.255.255 | false",
        "0.0.0.0           | IP4       | 0.0.0.0         | true",
        // Four single digits are an address and the start of nibble names.
        "1.0.0.2           | IP4       | 2.0.0.1         | true",
        "4.3.2.1           | IP4       | 1.2.3.4         | true",
        // Leading zeros, big or odd octets.
        "01.2.3.4          | MALFORMED | none            | false",
        "256.1.1.1         | MALFORMED | none            | false",
        "1.2.3.-1          | MALFORMED | none            | false",
        "1.2.3.1x          | MALFORMED | none            | false",
        "1.2.3.1234        | MALFORMED | none            | false",
        // Fewer labels: the start of an address.
        "2.0.192           | PARTIAL   | none            | false",
        "192               | PARTIAL   | none            | false",
        "a                 | PARTIAL   | none            | false",
        "F.e               | PARTIAL   | none            | false",
        "1.2.3.4.5         | PARTIAL   | none            | false",
        "x                 | MALFORMED | none            | false",
        "1.2.3.g           | MALFORMED | none            | false",
        "10.a.1            | MALFORMED | none            | false",
        // 32 nibbles (RFC 5782 §2.4), in either case.
        IP6_NIBBLES + "    | IP6       | 2001:db8::1     | false",
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2 | IP6 | 2001:db8::1 | false",
        "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 | IP6 | ::ffff:127.0.0.2 | false",
        "f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f.f | IP6"
            + " | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | false",
        "1." + IP6_NIBBLES + " | MALFORMED | none      | false",
        "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0 | PARTIAL | none | false",
        "10.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2 | MALFORMED | none | false",
      })
  void readsTheAddressTheLabelsSpell(
      String name, Form form, String address, boolean alsoNibblePrefix) {
    byte[] wire = wire(name);
    ReversedName reader = new ReversedName();

    assertThat(reader.read(wire, 0, wire.length)).isEqualTo(form);
    assertThat(reader.form()).isEqualTo(form);
    assertThat(text(reader)).isEqualTo(address);
    assertThat(reader.alsoNibblePrefix()).isEqualTo(alsoNibblePrefix);

    // The same name at label offsets inside a larger buffer reads the same.
    byte[] shifted = new byte[wire.length + 5];
    System.arraycopy(wire, 0, shifted, 3, wire.length);
    int[] labelAt = new int[128];
    int count = 0;
    for (int at = 0; at < wire.length; at += 1 + wire[at]) {
      labelAt[count++] = at + 3;
    }
    ReversedName again = new ReversedName();
    assertThat(again.read(shifted, labelAt, count)).isEqualTo(form);
    assertThat(text(again)).isEqualTo(address);
    assertThat(again.alsoNibblePrefix()).isEqualTo(alsoNibblePrefix);
  }

  @Test
  void forgetsTheLastNameWhenReused() {
    ReversedName reader = new ReversedName();
    byte[] ip6 = wire(IP6_NIBBLES);
    reader.read(ip6, 0, ip6.length);
    byte[] ip4 = wire("1.0.0.2");
    reader.read(ip4, 0, ip4.length);

    assertThat(reader.form()).isEqualTo(Form.IP4);
    assertThat(reader.high()).isZero();
    assertThat(reader.low()).isZero();
    byte[] partial = wire("2");
    reader.read(partial, 0, partial.length);
    assertThat(reader.ip4()).isZero();
    assertThat(reader.alsoNibblePrefix()).isFalse();
  }

  @Test
  void findsAWireNameThatRunsPastItsEndMalformed() {
    byte[] wire = {1, '1', 5, '2'};
    assertThat(new ReversedName().read(wire, 0, wire.length)).isEqualTo(Form.MALFORMED);
  }

  @ParameterizedTest(name = "''{0}'' -> octet {1}, nibble {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0    | 0   | 0",
        "9    | 9   | 9",
        "a    | -1  | 10",
        "F    | -1  | 15",
        "g    | -1  | -1",
        "10   | 10  | -1",
        "255  | 255 | -1",
        "256  | -1  | -1",
        "00   | -1  | -1",
        "012  | -1  | -1",
        "1000 | -1  | -1",
        "1a   | -1  | -1",
        "/    | -1  | -1",
        ":    | -1  | -1",
        "@    | -1  | -1",
        "`    | -1  | -1",
      })
  void readsOneLabelAsAnOctetOrANibble(String label, int octet, int nibble) {
    byte[] wire = wire(label);
    assertThat(ReversedName.octet(wire, 0)).isEqualTo(octet);
    assertThat(ReversedName.nibble(wire, 0)).isEqualTo(nibble);
  }

  @Test
  void readsNoOctetOrNibbleInAnEmptyLabel() {
    assertThat(ReversedName.octet(new byte[] {0}, 0)).isEqualTo(-1);
    assertThat(ReversedName.nibble(new byte[] {0}, 0)).isEqualTo(-1);
  }

  /** The labels of a dotted name in wire form, without the root. */
  private static byte[] wire(String dotted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : dotted.split("\\.", -1)) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static String text(ReversedName name) {
    return switch (name.form()) {
      case IP4 -> new EntryValue.Ip4Network(name.ip4(), 32).canonical();
      case IP6 -> new EntryValue.Ip6Network(name.high(), name.low(), 128).canonical();
      default -> null;
    };
  }
}
