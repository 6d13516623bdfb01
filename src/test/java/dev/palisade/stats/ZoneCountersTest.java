package dev.palisade.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.ListZone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ZoneCountersTest {

  private final ZoneCounters counters = new ZoneCounters("rbl.palisade.test");

  @ParameterizedTest
  @CsvSource({
    "2.0.0.127.acme.bl.rbl.palisade.test, true, acme, bl, 1, 1",
    "2.0.0.127.ACME.BL.rbl.palisade.TEST, true, acme, bl, 1, 1",
    "1.0.0.127.acme-mx1.wl.rbl.palisade.test, false, acme-mx1, wl, 1, 0",
    "x.example.com.acme.dbl.rbl.palisade.test, true, acme, dbl, 1, 1",
    "x.example.com.acme.dwl.rbl.palisade.test, false, acme, dwl, 1, 0",
    "acme.bl.rbl.palisade.test, true, acme, bl, 1, 0",
  })
  void countsQueriesAndListedAnswersPerZone(
      String qname, boolean listed, String label, String list, long queries, long hits)
      throws Exception {
    counters.scopes(List.of("acme", "acme-mx1"));

    observe(qname, listed);

    assertThat(counters.drain())
        .containsExactly(new ZoneCounters.Count(label, list, queries, hits));
    assertThat(counters.drain()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "2.0.0.127.other.bl.rbl.palisade.test",
    "2.0.0.127.acme.xl.rbl.palisade.test",
    "2.0.0.127.acme.bl.rbl.example.net",
    "rbl.palisade.test",
    "example.com"
  })
  void ignoresUnknownZonesAndForeignNames(String qname) throws Exception {
    counters.scopes(List.of("acme"));

    observe(qname, true);

    assertThat(counters.drain()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "2.0.0.127.acme.bl.rbl.palisade.test, true",
    "2.0.0.127.ACME.BL.rbl.palisade.TEST, true",
    "1.0.0.127.acme-mx1.wl.rbl.palisade.test, false",
    "x.example.com.acme.dbl.rbl.palisade.test, true",
    "x.example.com.other.dbl.rbl.palisade.test, true",
  })
  void countsAQueryWhoseZoneTheServerFoundAsOneItReadsItself(String qname, boolean listed)
      throws Exception {
    ZoneCounters reading = new ZoneCounters("rbl.palisade.test");
    reading.scopes(List.of("acme", "acme-mx1"));
    counters.scopes(List.of("acme", "acme-mx1"));
    byte[][] wire = wire(qname, listed);
    Name name = Name.fromString(qname, Name.root);
    int scope = name.labels() - 1 - 3 - 2; // the root, rbl.palisade.test, <scope>.<list>
    int scopeAt = 12;
    for (int i = 0; i < scope; i++) {
      scopeAt += 1 + wire[0][scopeAt];
    }
    ListZone list = ListZone.ofWireLabel(wire[0], scopeAt + 1 + wire[0][scopeAt]);

    reading.observe(wire[0], wire[0].length, wire[1], wire[1].length, false);
    counters.observeInZone(
        wire[0], wire[0].length, scopeAt, list, Type.A, wire[1], wire[1].length, true);

    assertThat(counters.drain()).isEqualTo(reading.drain());
    List<String> hits = new java.util.ArrayList<>();
    List<String> readHits = new java.util.ArrayList<>();
    counters.drainHits((label, l, subject, from, length, millis) -> hits.add(label + l + length));
    reading.drainHits(
        (label, l, subject, from, length, millis) -> readHits.add(label + l + length));
    assertThat(hits).isEqualTo(readHits).hasSize(listed && !qname.contains("other") ? 1 : 0);
  }

  @Test
  void keepsCountsOfZonesThatStayWhenScopesChange() throws Exception {
    counters.scopes(List.of("acme"));
    observe("2.0.0.127.acme.bl.rbl.palisade.test", true);

    counters.scopes(List.of("acme", "newco"));
    observe("2.0.0.127.newco.bl.rbl.palisade.test", true);

    assertThat(counters.drain())
        .containsExactlyInAnyOrder(
            new ZoneCounters.Count("acme", "bl", 1, 1),
            new ZoneCounters.Count("newco", "bl", 1, 1));
  }

  @Test
  void keepsHalfASecondOfListedAnswersAtTheBenchmarkRateUntilTheyAreCollected() throws Exception {
    counters.scopes(List.of("acme"));
    // 81,000 listed answers a second for half a second, the collector held off meanwhile; a
    // reversed IPv6 address is 64 bytes in front of the zone, and one name is longer.
    String ip6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";
    String longName = "a-name-longer-than-sixty-four-bytes-in-front-of-the-zone.spam.example";
    byte[][] v6 = wire(ip6 + ".acme.bl.rbl.palisade.test", true);
    byte[][] domain = wire(longName + ".acme.dbl.rbl.palisade.test", true);
    int answers = 40_500;
    for (int i = 0; i < answers; i++) {
      if (i % 10 == 1) {
        counters.observe(v6[0], v6[0].length, v6[1], v6[1].length, false);
      } else if (i % 100 == 2) {
        counters.observe(domain[0], domain[0].length, domain[1], domain[1].length, false);
      } else {
        observe((i & 255) + "." + (i >>> 8) + ".0.10.acme.bl.rbl.palisade.test", true);
      }
    }

    java.util.Map<Integer, Integer> lengths = new java.util.HashMap<>();
    int drained =
        counters.drainHits(
            (label, list, subject, from, length, millis) -> lengths.merge(length, 1, Integer::sum));

    assertThat(counters.droppedHits()).isZero();
    assertThat(drained).isEqualTo(answers);
    assertThat(lengths.get(64)).isEqualTo(answers / 10);
    assertThat(lengths.get(longName.length() + 1)).isEqualTo(answers / 100);
  }

  private void observe(String qname, boolean listed) throws Exception {
    byte[][] wire = wire(qname, listed);
    counters.observe(wire[0], wire[0].length, wire[1], wire[1].length, true);
  }

  /** A query for {@code qname} and its answer, listed or NXDOMAIN, in wire form. */
  private static byte[][] wire(String qname, boolean listed) throws Exception {
    Record question = Record.newRecord(Name.fromString(qname, Name.root), Type.A, DClass.IN);
    Message query = Message.newQuery(question);
    Message answer = new Message(query.getHeader().getID());
    answer.getHeader().setFlag(Flags.QR);
    answer.addRecord(question, Section.QUESTION);
    if (listed) {
      answer.addRecord(
          new ARecord(
              question.getName(), DClass.IN, 60, java.net.InetAddress.getByName("127.0.0.2")),
          Section.ANSWER);
    } else {
      answer.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return new byte[][] {query.toWire(), answer.toWire()};
  }
}
