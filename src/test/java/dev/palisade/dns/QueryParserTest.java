package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.query;
import static dev.palisade.dns.DnsTestSupport.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.QueryHandler.Transport;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryParserTest {

  private final QueryParser parser = new QueryParser();

  @Test
  void readsTheQuestionNameTypeAndEnd() {
    byte[] q = query("2.0.0.127.demo.bl.rbl.palisade.test.", "TXT").toWire();

    assertThat(parser.parse(q, q.length, Transport.UDP, 65535)).isTrue();
    assertThat(parser.labels).isEqualTo(9);
    assertThat(Arrays.copyOf(parser.labelAt, 9))
        .containsExactly(12, 14, 16, 18, 22, 27, 30, 34, 43);
    assertThat(parser.qtype).isEqualTo(Type.TXT);
    assertThat(parser.questionEnd).isEqualTo(q.length);
    assertThat(parser.edns).isFalse();
    assertThat(parser.limit).isEqualTo(512);
  }

  @ParameterizedTest(name = "{0} payload {1} -> limit {2}")
  @CsvSource({
    "UDP, 4096, 1232",
    "UDP, 1232, 1232",
    "UDP, 1000, 1000",
    "UDP, 100,  512",
    "TCP, 4096, 65535",
    "TCP, 100,  65535",
  })
  void limitsTheAnswerToWhatTheClientAndTransportTake(Transport transport, int payload, int limit) {
    byte[] q = queryWithEdns("1.2.0.192.demo.bl.rbl.palisade.test.", "A", payload, 0, 0).toWire();

    assertThat(parser.parse(q, q.length, transport, 65535)).isTrue();
    assertThat(parser.edns).isTrue();
    assertThat(parser.dnssecOk).isFalse();
    assertThat(parser.limit).isEqualTo(limit);
  }

  @Test
  void capsTheLimitAtTheAnswerBuffer() {
    byte[] q = query("1.2.0.192.demo.bl.rbl.palisade.test.", "A").toWire();

    assertThat(parser.parse(q, q.length, Transport.TCP, 600)).isTrue();
    assertThat(parser.limit).isEqualTo(600);
  }

  @Test
  void readsTheDnssecOkBit() {
    byte[] q = queryWithEdns("1.2.0.192.demo.bl.rbl.palisade.test.", "A", 1232, 0, 0x8000).toWire();

    assertThat(parser.parse(q, q.length, Transport.UDP, 65535)).isTrue();
    assertThat(parser.dnssecOk).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a response",
    "another opcode",
    "two questions",
    "an answer record",
    "class CH",
    "AXFR",
    "IXFR",
    "EDNS version 1",
    "trailing bytes",
    "a truncated name",
    "a compression pointer",
    "too short",
  })
  void declinesWhatTheGeneralPathAnswers(String what) {
    byte[] q = unusual(what);

    assertThat(parser.parse(q, q.length, Transport.UDP, 65535)).isFalse();
  }

  private static byte[] unusual(String what) {
    String name = "1.2.0.192.demo.bl.rbl.palisade.test.";
    Message m = query(name, "A");
    switch (what) {
      case "a response" -> m.getHeader().setFlag(Flags.QR);
      case "another opcode" -> m.getHeader().setOpcode(Opcode.STATUS);
      case "two questions" -> m.addRecord(query("x.", "A").getQuestion(), Section.QUESTION);
      case "an answer record" ->
          m.addRecord(
              Record.newRecord(Name.root, Type.A, DClass.IN, 1, new byte[4]), Section.ANSWER);
      case "class CH" -> {
        m = new Message();
        m.addRecord(
            Record.newRecord(DnsTestSupport.name(name), Type.A, DClass.CH), Section.QUESTION);
      }
      case "AXFR" -> m = query(name, "AXFR");
      case "IXFR" -> m = query(name, "IXFR");
      case "EDNS version 1" -> m = queryWithEdns(name, "A", 1232, 1, 0);
      case "trailing bytes" -> {
        byte[] wire = m.toWire();
        return Arrays.copyOf(wire, wire.length + 1);
      }
      case "a truncated name" -> {
        byte[] wire = m.toWire();
        return Arrays.copyOf(wire, 20);
      }
      case "a compression pointer" -> {
        byte[] wire = m.toWire();
        wire[12] = (byte) 0xc0;
        wire[13] = 12;
        return wire;
      }
      case "too short" -> {
        return Arrays.copyOf(m.toWire(), 16);
      }
      default -> throw new IllegalArgumentException(what);
    }
    return m.toWire();
  }
}
