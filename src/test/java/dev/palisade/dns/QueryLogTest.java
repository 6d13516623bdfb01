package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dns.QueryHandler.Transport;
import dev.palisade.support.MovableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Which queries the query log takes, and what its lines say. */
class QueryLogTest {

  private static final String BASE = "rbl.palisade.test";
  private static final Instant START = Instant.parse("2026-12-06T08:00:00Z");

  private final MovableClock clock = new MovableClock(START);

  @Test
  void offByDefaultTakesNoQueryAtAll() throws Exception {
    QueryLog log = new QueryLog(settings(0, ""), BASE, clock);
    byte[] query = query("2.0.0.127.demo.bl." + BASE, Type.A);

    for (int i = 0; i < 100_000; i++) {
      assertThat(log.wants(query, query.length)).isFalse();
    }
    assertThat(log.status()).isEqualTo(new QueryLog.Status(0, null, null));
  }

  @Test
  void samplesAboutOneQueryInN() throws Exception {
    QueryLog log = new QueryLog(settings(100, ""), BASE, clock);
    byte[] query = query("2.0.0.127.demo.bl." + BASE, Type.A);

    int taken = 0;
    for (int i = 0; i < 200_000; i++) {
      if (log.wants(query, query.length)) {
        taken++;
      }
    }

    // 2,000 expected; the bounds are more than nine standard deviations (about 45) away.
    assertThat(taken).isBetween(1_600, 2_400);
  }

  @Test
  void sampleOfOneTakesEveryQuery() throws Exception {
    QueryLog log = new QueryLog(settings(1, ""), BASE, clock);
    byte[] query = query("www.example.com", Type.A);

    for (int i = 0; i < 1000; i++) {
      assertThat(log.wants(query, query.length)).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2.0.0.127.acme.bl, true",
    "2.0.0.127.ACME.WL, true",
    "spam.example.acme.dbl, true",
    "acme.dwl, true",
    "2.0.0.127.acme-mx1.bl, false",
    "2.0.0.127.other.bl, false",
    "acme.other.bl, false",
    "2.0.0.127.acme.xl, false",
  })
  void followsEveryQueryOfOneZoneLabelAndNoOther(String name, boolean taken) throws Exception {
    QueryLog log = new QueryLog(settings(0, ""), BASE, clock);
    log.follow("Acme", Duration.ofMinutes(10));
    byte[] query = query(name + "." + BASE, Type.A);

    assertThat(log.wants(query, query.length)).isEqualTo(taken);
    assertThat(log.wants(query("2.0.0.127.acme.bl.example.net", Type.A), 45)).isFalse();
  }

  @Test
  void aFollowEndsOnTimeAndTheSettingsApplyAgain() throws Exception {
    QueryLog log = new QueryLog(settings(0, ""), BASE, clock);
    byte[] query = query("2.0.0.127.acme.bl." + BASE, Type.A);

    assertThat(log.follow("acme", Duration.ofMinutes(10)))
        .isEqualTo(new QueryLog.Status(0, "acme", START.plus(Duration.ofMinutes(10))));
    clock.set(START.plus(Duration.ofMinutes(10)).minusMillis(1));
    assertThat(log.wants(query, query.length)).isTrue();

    clock.set(START.plus(Duration.ofMinutes(10)));
    assertThat(log.wants(query, query.length)).isFalse();
    assertThat(log.status()).isEqualTo(new QueryLog.Status(0, null, null));
  }

  @Test
  void stopEndsAFollowAndKeepsTheZoneOfTheSettings() throws Exception {
    QueryLog log = new QueryLog(settings(0, "acme"), BASE, clock);
    byte[] acme = query("2.0.0.127.acme.bl." + BASE, Type.A);
    byte[] other = query("2.0.0.127.other.bl." + BASE, Type.A);
    assertThat(log.status()).isEqualTo(new QueryLog.Status(0, "acme", null));

    log.follow("other", Duration.ofMinutes(5));
    assertThat(log.wants(other, other.length)).isTrue();
    assertThat(log.wants(acme, acme.length)).isFalse();

    log.stop();
    assertThat(log.wants(acme, acme.length)).isTrue();
    assertThat(log.wants(other, other.length)).isFalse();
    clock.set(START.plus(Duration.ofDays(365)));
    assertThat(log.wants(acme, acme.length)).as("a zone of the settings has no end").isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "'', 10, zone must be one zone label",
    "acme.bl, 10, zone must be one zone label",
    "-acme, 10, zone must be one zone label",
    "acme, 0, the duration must be positive",
    "acme, 61, the duration may be at most 60 minutes",
  })
  void refusesABadFollowAndKeepsWhatWasLogged(String zone, int minutes, String message) {
    QueryLog log = new QueryLog(settings(0, ""), BASE, clock);

    assertThatThrownBy(() -> log.follow(zone, Duration.ofMinutes(minutes)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(log.status()).isEqualTo(new QueryLog.Status(0, null, null));
  }

  @Test
  void aLineNamesClientQuestionRcodeAnswerAndWhereTheLookupToolExplainsIt() throws Exception {
    QueryLog log = new QueryLog(settings(1, ""), BASE, clock);
    String line =
        line(log, "2.2.0.192.demo.bl." + BASE, Type.TXT, Transport.UDP, "192.0.2.7", true);

    assertThat(line)
        .isEqualTo(
            "client=192.0.2.7 proto=udp qname=2.2.0.192.demo.bl.rbl.palisade.test. qtype=TXT"
                + " rcode=NOERROR answer=\"TXT 'Listed: see https://lists.example/q?ip=192.0.2.2'\""
                + " lookup=\"scope=demo list=bl value=192.0.2.2\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "7.100.51.198.demo.bl | ANY | TCP | client=2001:db8::1 proto=tcp"
            + " qname=7.100.51.198.demo.bl.rbl.palisade.test. qtype=ANY rcode=NOERROR"
            + " answer=\"A 127.0.0.3; TXT 'Blocked: 198.51.100.7'\""
            + " lookup=\"scope=demo list=bl value=198.51.100.7\"",
        "1.113.0.203.demo.bl | A | UDP | client=2001:db8::1 proto=udp"
            + " qname=1.113.0.203.demo.bl.rbl.palisade.test. qtype=A rcode=NXDOMAIN answer=-"
            + " lookup=\"scope=demo list=bl value=203.0.113.1\"",
        "x.spam.example.demo.dbl | A | UDP | client=2001:db8::1 proto=udp"
            + " qname=x.spam.example.demo.dbl.rbl.palisade.test. qtype=A rcode=NXDOMAIN answer=-"
            + " lookup=\"scope=demo list=dbl value=x.spam.example\"",
        "demo.bl | SOA | UDP | client=2001:db8::1 proto=udp"
            + " qname=demo.bl.rbl.palisade.test. qtype=SOA rcode=NOERROR answer=\"SOA",
      })
  void linesForOtherAnswers(String name, String type, Transport transport, String expected)
      throws Exception {
    QueryLog log = new QueryLog(settings(1, ""), BASE, clock);

    assertThat(line(log, name + "." + BASE, Type.value(type), transport, "2001:db8::1", true))
        .startsWith(expected);
  }

  @Test
  void aLineWithoutAClientOrAReadableQueryStillSaysWhatItKnows() throws Exception {
    QueryLog log = new QueryLog(settings(1, ""), BASE, clock);
    byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 5};
    QueryHandler handler = new QueryHandler(DnsSettings.defaults(), FakeIndex::standard);
    byte[] answer = handler.answer(garbage, garbage.length, Transport.UDP);

    assertThat(log.line(null, false, garbage, garbage.length, answer, answer.length))
        .isEqualTo("client=- proto=udp qname=- qtype=- rcode=FORMERR answer=-");
  }

  private static String line(
      QueryLog log, String name, int type, Transport transport, String client, boolean fast)
      throws Exception {
    FakeIndex index = FakeIndex.standard();
    QueryHandler handler = new QueryHandler(DnsSettings.defaults(), () -> index);
    byte[] query = query(name, type);
    byte[] out = new byte[QueryHandler.MAX_TCP_MESSAGE];
    int size = handler.answer(query, query.length, transport, null, handler.newFastPath(), out);
    assertThat(log.wants(query, query.length)).isTrue();
    return log.line(
        InetAddress.getByName(client), transport == Transport.TCP, query, query.length, out, size);
  }

  private static byte[] query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN))
        .toWire();
  }

  private static QueryLogSettings settings(int sample, String zone) {
    return new QueryLogSettings(sample, zone, Duration.ofHours(1));
  }
}
