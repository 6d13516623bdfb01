package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class WireTest {

  @Test
  void numbersAreDnsjavas() {
    assertThat(Wire.TYPE_A).isEqualTo(Type.A);
    assertThat(Wire.TYPE_SOA).isEqualTo(Type.SOA);
    assertThat(Wire.TYPE_TXT).isEqualTo(Type.TXT);
    assertThat(Wire.TYPE_OPT).isEqualTo(Type.OPT);
    assertThat(Wire.TYPE_IXFR).isEqualTo(Type.IXFR);
    assertThat(Wire.TYPE_AXFR).isEqualTo(Type.AXFR);
    assertThat(Wire.TYPE_ANY).isEqualTo(Type.ANY);
    assertThat(Wire.RCODE_NOERROR).isEqualTo(Rcode.NOERROR);
    assertThat(Wire.RCODE_NXDOMAIN).isEqualTo(Rcode.NXDOMAIN);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0, 00 00", "1, 00 01", "1232, 04 d0", "65535, ff ff", "65536, 00 00"})
  void writesAndReadsSixteenBitsBigEndian(int value, String bytes) {
    byte[] b = new byte[4];
    Wire.put16(b, 1, value);

    assertThat(hex(b, 1, 2)).isEqualTo(bytes);
    assertThat(Wire.u16(b, 1)).isEqualTo(value & 0xffff);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0,          00 00 00 00",
    "2130706434, 7f 00 00 02",
    "4294967295, ff ff ff ff",
    "32768,      00 00 80 00",
  })
  void writesThirtyTwoBitsBigEndian(long value, String bytes) {
    byte[] b = new byte[6];
    Wire.put32(b, 1, value);

    assertThat(hex(b, 1, 4)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"12, c0 0c", "300, c1 2c", "16383, ff ff"})
  void writesACompressionPointer(int target, String bytes) {
    byte[] b = new byte[2];
    Wire.putPointer(b, 0, target);

    assertThat(hex(b, 0, 2)).isEqualTo(bytes);
  }

  private static String hex(byte[] b, int from, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < from + length; i++) {
      out.append(out.isEmpty() ? "" : " ").append(String.format("%02x", b[i] & 0xff));
    }
    return out.toString();
  }
}
