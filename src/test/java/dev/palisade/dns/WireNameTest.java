package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

class WireNameTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ns1.example.org. | 3 | 0 4 12",
        "Example.         | 1 | 0",
        ".                | 0 | ''",
        "a.bb.ccc.        | 3 | 0 2 5",
      })
  void knowsWhereEachLabelStarts(String text, int labels, String starts) throws TextParseException {
    Name name = Name.fromString(text);
    WireName wire = new WireName(name);

    assertThat(wire.wire).isEqualTo(name.toWire());
    assertThat(wire.labels()).isEqualTo(labels);
    assertThat(wire.labelAt)
        .containsExactly(
            starts.isEmpty()
                ? new int[0]
                : Arrays.stream(starts.split(" ")).mapToInt(Integer::parseInt).toArray());
  }
}
