package dev.palisade.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsciiLabelsTest {

  @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bl       | bl       | true",
        "BL       | bl       | true",
        "Rbl-Test | rbl-test | true",
        "ACME_mx1 | acme_mx1 | true",
        "bl       | wl       | false",
        "bl       | bll      | false",
        "bll      | bl       | false",
        // Only letters fold: '@' (0x40) and '[' (0x5b) lie either side of A-Z, '`' and '{' of a-z.
        "@        | `        | false",
        "[        | {        | false",
        "a-b      | a_b      | false",
      })
  void comparesLabelsIgnoringAsciiCaseOnly(String label, String lowerCase, boolean equal) {
    byte[] wire = inBuffer(label.getBytes(StandardCharsets.US_ASCII));

    assertThat(AsciiLabels.equalsIgnoreCase(wire, 1, lowerCase.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(equal);
  }

  @Test
  void comparesTheEmptyLabel() {
    assertThat(AsciiLabels.equalsIgnoreCase(new byte[] {0}, 0, new byte[0])).isTrue();
    assertThat(AsciiLabels.equalsIgnoreCase(new byte[] {0}, 0, new byte[] {'a'})).isFalse();
  }

  @Test
  void keepsBytesBeyondAsciiAsTheyAre() {
    byte[] label = {(byte) 0xc3, (byte) 0x89};
    byte[] other = {(byte) 0xc3, (byte) 0xa9};

    assertThat(AsciiLabels.equalsIgnoreCase(inBuffer(label), 1, label)).isTrue();
    assertThat(AsciiLabels.equalsIgnoreCase(inBuffer(label), 1, other)).isFalse();
  }

  @Test
  void readsALengthByteAbove127AsALength() {
    byte[] wire = new byte[201];
    wire[0] = (byte) 200;

    assertThat(AsciiLabels.equalsIgnoreCase(wire, 0, new byte[200])).isTrue();
    assertThat(AsciiLabels.equalsIgnoreCase(wire, 0, new byte[56])).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "65, 97", // A
    "90, 122", // Z
    "97, 97", // a
    "64, 64", // @, just below A
    "91, 91", // [, just above Z
    "48, 48", // 0
    "45, 45", // -
    "0, 0",
    "-61, 195", // 0xc3: unsigned, not folded
    "-1, 255",
  })
  void lowersAsciiLettersAndReadsEveryByteUnsigned(byte b, int lowered) {
    assertThat(AsciiLabels.lower(b)).isEqualTo(lowered);
  }

  /** The label as wire bytes inside a buffer: junk, length byte, label, junk. */
  private static byte[] inBuffer(byte[] label) {
    byte[] wire = new byte[label.length + 3];
    wire[0] = 'x';
    wire[1] = (byte) label.length;
    System.arraycopy(label, 0, wire, 2, label.length);
    wire[wire.length - 1] = 'z';
    return wire;
  }
}
