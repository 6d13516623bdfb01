package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** The compressor against dnsjava's own {@code Compression}, name after name. */
class NameCompressorTest {

  @ParameterizedTest(name = "{0}: {1}, then {2}")
  @CsvSource({
    // The question, then the SOA's MNAME and RNAME, as a negative answer writes them.
    "a.demo.bl.rbl.palisade.test., ns1.rbl.palisade.test., hostmaster.rbl.palisade.test.",
    "a.demo.bl.rbl.palisade.test., ns1.example.org., dns-admin.example.org.",
    "x.y.bl.x.,                    bl.x.,                  hostmaster.bl.x.",
    "1.2.3.4.demo.bl.x.,           ns.other.,              ns.other.",
    "A.Demo.BL.X.,                 a.demo.bl.x.,           B.DEMO.bl.x.",
    "q.example.,                   example.,               .",
  })
  void compressesAsDnsjavaDoes(String question, String first, String second)
      throws TextParseException {
    Name q = Name.fromString(question);
    Name n1 = Name.fromString(first);
    Name n2 = Name.fromString(second);
    // dnsjava: the question at 12 (after a header), then the two names.
    DNSOutput expected = new DNSOutput();
    expected.writeByteArray(new byte[12]);
    Compression compression = new Compression();
    q.toWire(expected, compression);
    n1.toWire(expected, compression);
    n2.toWire(expected, compression);

    byte[] out = new byte[512];
    byte[] questionWire = q.toWire();
    System.arraycopy(questionWire, 0, out, 12, questionWire.length);
    NameCompressor compressor = new NameCompressor();
    compressor.reset();
    WireName questionName = new WireName(q);
    int[] starts = new int[questionName.labels()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = 12 + questionName.labelAt[i];
    }
    compressor.targets(starts, starts.length);
    int end = compressor.write(out, 12 + questionWire.length, new WireName(n1));
    end = compressor.write(out, end, new WireName(n2));

    assertThat(Arrays.copyOf(out, end)).isEqualTo(expected.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ns1.example.org.", "a.b.c."})
  void forgetsEveryTargetOnReset(String text) throws TextParseException {
    WireName name = new WireName(Name.fromString(text));
    NameCompressor compressor = new NameCompressor();
    byte[] out = new byte[256];
    int first = compressor.write(out, 12, name);
    compressor.reset();

    int second = compressor.write(out, first, name);

    assertThat(second - first).as("written out again, not a pointer").isEqualTo(first - 12);
  }
}
