package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.QueryHandler.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The metrics' DNS counts: each answer counted once in the cell of its zone kind, type, transport,
 * rcode and listing, whichever path answered it, read straight from the wire.
 */
class DnsTrafficTest {

  private static final String BASE = "rbl.palisade.test";

  private final DnsSettings settings = DnsSettings.defaults();
  private final FakeIndex index = FakeIndex.standard();
  private final QueryHandler handler = new QueryHandler(settings, () -> index);
  private final FastPath fast = handler.newFastPath();
  private final DnsTraffic traffic = new DnsTraffic(settings.baseZone());
  private final byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];

  // zone kind, type, proto, rcode, listed: as the meters' labels say them.
  @ParameterizedTest
  @CsvSource({
    // The fast path's common queries, and the dnsjava path's (EDNS option) for the same names.
    "2.0.0.127.demo.bl, A, UDP, false, bl, A, udp, NOERROR, true",
    "2.0.0.127.demo.bl, A, TCP, true, bl, A, tcp, NOERROR, true",
    "1.0.0.127.demo.bl, TXT, UDP, false, bl, TXT, udp, NXDOMAIN, false",
    "1.0.0.127.demo.bl, TXT, UDP, true, bl, TXT, udp, NXDOMAIN, false",
    "99.2.0.192.demo.wl, ANY, UDP, false, wl, ANY, udp, NOERROR, true",
    "99.2.0.192.demo.wl, ANY, TCP, true, wl, ANY, tcp, NOERROR, true",
    "spam.example.demo.dbl, A, UDP, false, dbl, A, udp, NOERROR, true",
    "spam.example.demo.dbl, A, UDP, true, dbl, A, udp, NOERROR, true",
    "good.example.demo.dwl, TXT, TCP, false, dwl, TXT, tcp, NOERROR, true",
    // A listed name of another type: NODATA, not listed (RFC 2308 §2.2).
    "2.0.0.127.demo.bl, AAAA, UDP, false, bl, AAAA, udp, NOERROR, false",
    "2.0.0.127.demo.bl, MX, UDP, false, bl, other, udp, NOERROR, false",
    // The zone's apex answers records, but lists nothing.
    "demo.bl, SOA, UDP, false, bl, other, udp, NOERROR, false",
    "demo.bl, ANY, UDP, false, bl, ANY, udp, NOERROR, false",
    // Outside every list zone: in the base zone but no list, or outside it (REFUSED).
    "2.0.0.127.demo.xl, A, TCP, false, none, A, tcp, NXDOMAIN, false",
    "www.example.com., A, UDP, false, none, A, udp, REFUSED, false",
    "www.example.com., TXT, TCP, true, none, TXT, tcp, REFUSED, false",
  })
  void countsEachAnswerInTheCellOfItsLabels(
      String name,
      String qtype,
      Transport transport,
      boolean withOption,
      String zoneKind,
      String type,
      String proto,
      String rcode,
      boolean listed)
      throws Exception {
    String absolute = name.endsWith(".") ? name : name + "." + BASE;
    answer(query(absolute, Type.value(qtype), withOption), transport);

    int z = DnsTraffic.ZONE_KINDS.indexOf(zoneKind);
    int t = DnsTraffic.TYPES.indexOf(type);
    int p = DnsTraffic.PROTOS.indexOf(proto);
    int r = DnsTraffic.RCODES.indexOf(rcode);
    assertThat(traffic.requests(z, t, p)).isEqualTo(1);
    assertThat(traffic.responses(z, r, listed)).isEqualTo(1);
    assertThat(totalRequests()).isEqualTo(1);
    assertThat(totalResponses()).isEqualTo(1);
  }

  @Test
  void countsRepeatedQueriesAndKeepsTheirCellsApart() throws Exception {
    for (int i = 0; i < 5; i++) {
      answer(query("2.0.0.127.demo.bl." + BASE, Type.A, false), Transport.UDP);
    }
    for (int i = 0; i < 3; i++) {
      answer(query("1.0.0.127.demo.bl." + BASE, Type.A, false), Transport.TCP);
    }

    assertThat(traffic.requests(0, 0, 0)).isEqualTo(5);
    assertThat(traffic.requests(0, 0, 1)).isEqualTo(3);
    assertThat(traffic.responses(0, 0, true)).isEqualTo(5);
    assertThat(traffic.responses(0, 3, false)).isEqualTo(3);
    assertThat(totalRequests()).isEqualTo(8);
  }

  @Test
  void countsAMalformedQueryAsNoZoneOfTypeOther() {
    byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 5};
    answer(garbage, Transport.UDP);

    assertThat(traffic.requests(4, 4, 0)).isEqualTo(1);
    assertThat(traffic.responses(4, DnsTraffic.RCODES.indexOf("FORMERR"), false)).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"A, 1, 0", "AAAA, 28, 1", "TXT, 16, 2", "ANY, 255, 3", "MX, 15, 4", "SOA, 6, 4"})
  void readsTheQueryTypeFromTheQuestion(String name, int qtype, int index) throws Exception {
    byte[] query = query("x.demo.bl." + BASE, Type.value(name), false);

    assertThat(DnsTraffic.qtype(query, query.length, 12)).isEqualTo(qtype);
    assertThat(DnsTraffic.typeIndex(qtype)).isEqualTo(index);
  }

  @Test
  void aQuestionCutShortHasNoType() throws Exception {
    byte[] query = query("x.demo.bl." + BASE, Type.A, false);

    assertThat(DnsTraffic.qtype(query, query.length - 3, 12)).isEqualTo(-1);
    assertThat(DnsTraffic.qtype(query, 14, 12)).isEqualTo(-1);
    assertThat(DnsTraffic.typeIndex(-1)).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({"0, NOERROR", "1, FORMERR", "2, SERVFAIL", "3, NXDOMAIN", "4, NOTIMP", "5, REFUSED"})
  void readsTheRcodeFromTheAnswersHeader(int rcode, String name) {
    byte[] answer = new byte[12];
    answer[2] = (byte) 0x84; // QR, AA: the bits next to it must not count
    answer[3] = (byte) (0x80 | rcode); // RA set

    assertThat(DnsTraffic.rcode(answer)).isEqualTo(rcode);
    assertThat(DnsTraffic.RCODES.get(DnsTraffic.rcode(answer))).isEqualTo(name);
  }

  private void answer(byte[] query, Transport transport) {
    int size = handler.answer(query, query.length, transport, null, fast, out);
    assertThat(size).isPositive();
    fast.report(traffic, query, query.length, out, size);
  }

  /** A query; with an EDNS option the fast path declines it and dnsjava answers. */
  private static byte[] query(String name, int type, boolean withOption) throws Exception {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    if (withOption) {
      EDNSOption cookie = new GenericEDNSOption(10, new byte[8]);
      query.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(cookie)), 3);
    }
    return query.toWire();
  }

  private long totalRequests() {
    long sum = 0;
    for (int z = 0; z < 5; z++) {
      for (int t = 0; t < 5; t++) {
        sum += traffic.requests(z, t, 0) + traffic.requests(z, t, 1);
      }
    }
    return sum;
  }

  private long totalResponses() {
    long sum = 0;
    for (int z = 0; z < 5; z++) {
      for (int r = 0; r < 7; r++) {
        sum += traffic.responses(z, r, false) + traffic.responses(z, r, true);
      }
    }
    return sum;
  }
}
