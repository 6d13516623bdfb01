package dev.palisade.stats;

import static org.assertj.core.api.Assertions.assertThat;

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

  private void observe(String qname, boolean listed) throws Exception {
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
    byte[] q = query.toWire();
    byte[] a = answer.toWire();
    counters.observe(q, q.length, a, a.length);
  }
}
