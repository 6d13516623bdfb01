package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.answers;
import static dev.palisade.dns.DnsTestSupport.brief;
import static dev.palisade.dns.DnsTestSupport.query;
import static dev.palisade.dns.DnsTestSupport.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.QueryHandler.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** What the writer puts on the wire, read back with dnsjava. */
class AnswerWriterTest {

  private static final String NAME = "1.2.0.192.Demo.bl.rbl.palisade.test.";

  /** The labels in front of the zone {@code demo.bl.rbl.palisade.test}. */
  private static final int FRONT = 4;

  private final DnsSettings settings = DnsSettings.defaults();
  private final AnswerWriter writer = new AnswerWriter(settings, new ZoneRecords(settings));
  private final QueryParser parser = new QueryParser();
  private final byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];

  @ParameterizedTest(name = "{0}: A={1}, TXT={2}")
  @CsvSource({"A, true, false", "TXT, false, true", "ANY, true, true", "MX, false, false"})
  void saysWhatTheQuestionAsksFor(String type, boolean a, boolean txt) {
    begin(query(NAME, type).toWire(), Transport.UDP);

    assertThat(writer.wantsA()).isEqualTo(a);
    assertThat(writer.wantsTxt()).isEqualTo(txt);
    assertThat(writer.wantsRecords()).isEqualTo(a || txt);
  }

  @Test
  void writesAListedAnswerOwnedByTheQuestionAsSent() throws IOException {
    byte[] q = query(NAME, "ANY").toWire();
    begin(q, Transport.UDP);

    assertThat(writer.addressRecord(0x7f000003)).isTrue();
    assertThat(writer.textRecord(parts("Listed: $ ($$1)"), 0xc0000201)).isTrue();
    assertThat(writer.done(Rcode.NOERROR)).isTrue();
    Message answer = new Message(Arrays.copyOf(out, writer.finish()));

    assertThat(answer.getHeader().getID()).isEqualTo(new Message(q).getHeader().getID());
    assertThat(answer.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answer.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getQuestion().getName().toString()).isEqualTo(NAME);
    assertThat(answers(answer)).isEqualTo("127.0.0.3 + Listed: 192.0.2.1 ($1)");
    assertThat(answer.getSection(Section.ANSWER))
        .allSatisfy(r -> assertThat(r.getName().toString()).isEqualTo(NAME))
        .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(settings.ttl()));
  }

  @Test
  void writesATextSubjectAndSplitsLongTexts() throws IOException {
    begin(query(NAME, "TXT").toWire(), Transport.TCP);
    String subject = "a".repeat(300);

    assertThat(writer.textRecord(parts("<$>"), subject)).isTrue();
    writer.done(Rcode.NOERROR);
    Message answer = new Message(Arrays.copyOf(out, writer.finish()));

    assertThat(answers(answer)).isEqualTo("<" + subject + ">");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"NXDOMAIN", "NOERROR"})
  void writesANegativeAnswerWithTheZonesSoa(String rcode) throws IOException {
    begin(query(NAME, "A").toWire(), Transport.UDP);

    assertThat(writer.negative(Rcode.value(rcode), 42)).isTrue();
    Message answer = new Message(Arrays.copyOf(out, writer.finish()));

    assertThat(answer.getRcode()).isEqualTo(Rcode.value(rcode));
    assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    // The SOA's owner is the scope's zone as the question spells it.
    assertThat(brief(answer.getSection(Section.AUTHORITY).get(0)))
        .isEqualTo("SOA Demo.bl.rbl.palisade.test. 42");
    assertThat(answer.getSection(Section.AUTHORITY).get(0).getTTL())
        .isEqualTo(settings.soa().negativeTtl());
  }

  @Test
  void addsAnOptWithTheDnssecOkBitCopied() throws IOException {
    begin(queryWithEdns(NAME, "A", 4096, 0, 0x8000).toWire(), Transport.UDP);
    writer.addressRecord(0x7f000002);
    writer.done(Rcode.NOERROR);

    Message answer = new Message(Arrays.copyOf(out, writer.finish()));

    assertThat(answer.getOPT()).isNotNull();
    assertThat(answer.getOPT().getPayloadSize()).isEqualTo(QueryHandler.MAX_UDP_PAYLOAD);
    assertThat(answer.getOPT().getFlags()).isEqualTo(0x8000);
  }

  @Test
  void refusesARecordThatDoesNotFit() {
    byte[] q = query(NAME, "TXT").toWire();
    assertThat(parser.parse(q, q.length, Transport.UDP, q.length + 20)).isTrue();
    writer.begin(q, parser, FRONT, out);

    assertThat(writer.textRecord(parts("$ ".repeat(10)), 0xc0000201)).isFalse();
    assertThat(writer.addressRecord(0x7f000002)).isTrue();
    assertThat(writer.addressRecord(0x7f000002)).isFalse();
    assertThat(writer.negative(Rcode.NXDOMAIN, 1)).isFalse();
  }

  @Test
  void refusesAnOptThatDoesNotFit() {
    byte[] q = queryWithEdns(NAME, "A", 512, 0, 0).toWire();
    assertThat(parser.parse(q, q.length, Transport.UDP, q.length + 15)).isTrue();
    writer.begin(q, parser, FRONT, out);

    assertThat(writer.addressRecord(0x7f000002)).isTrue();
    assertThat(writer.finish()).isEqualTo(-1);
  }

  private void begin(byte[] q, Transport transport) {
    assertThat(parser.parse(q, q.length, transport, out.length)).isTrue();
    writer.begin(q, parser, FRONT, out);
  }

  private static byte[][] parts(String template) {
    return Arrays.stream(TxtTemplate.parts(template))
        .map(s -> s.getBytes(StandardCharsets.UTF_8))
        .toArray(byte[][]::new);
  }
}
