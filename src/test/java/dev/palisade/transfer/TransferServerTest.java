package dev.palisade.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.Networks;
import dev.palisade.support.CapturedLog;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The transfer server without a network: requests as bytes in, the messages it would write to the
 * connection out, read back with dnsjava. AXFR (RFC 5936), IXFR (RFC 1995), access by address and
 * TSIG key (RFC 8945), the catalog zone (RFC 9432).
 */
class TransferServerTest {

  private static final String ZONE = "acme.bl.rbl.palisade.test.";
  private static final InetAddress SECONDARY = TestZone.address(127, 0, 0, 1);
  private static final InetAddress STRANGER = TestZone.address(192, 0, 2, 9);
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk=";
  private static final TSIG KEY = new TSIG(TSIG.HMAC_SHA256, name("xfr-key."), SECRET);

  private final TestZone zone = new TestZone(ZONE, 12).listed(3000);
  private final TestZone.Zones served = new TestZone.Zones().add(zone);

  // ---- AXFR ----

  @Test
  void axfrStreamsSoaEveryRecordAndSoaInMessagesOfBoundedSize() throws IOException {
    List<Message> messages = transfer(server(), query(ZONE, Type.AXFR), SECONDARY);

    assertThat(messages.size()).isGreaterThan(5);
    for (Message m : messages) {
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.numBytes()).isLessThanOrEqualTo(MessageStream.TARGET_SIZE + 512);
    }
    assertThat(messages.get(0).getQuestion().getName()).isEqualTo(name(ZONE));
    assertThat(messages.get(1).getSection(Section.QUESTION)).isEmpty();
    List<Record> records = answers(messages);
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isEqualTo(records.get(0));
    assertThat(records.subList(1, records.size() - 1)).containsExactlyElementsOf(zone.records());
  }

  @Test
  void refusesZonesItDoesNotServeAsNotAuthoritative() throws IOException {
    List<Message> messages = transfer(server(), query("other.bl.rbl.palisade.test.", Type.AXFR));
    assertThat(messages).singleElement().extracting(Message::getRcode).isEqualTo(Rcode.NOTAUTH);
  }

  @Test
  void refusesAZoneTooLargeToRenderAndLogsItOnce() throws IOException {
    served.add(new TestZone("big.bl.rbl.palisade.test.", 3).markTooLarge());
    TransferServer server = server();
    for (int i = 0; i < 3; i++) {
      List<Message> messages = transfer(server, query("big.bl.rbl.palisade.test.", Type.AXFR));
      assertThat(messages).singleElement().extracting(Message::getRcode).isEqualTo(Rcode.REFUSED);
    }
    assertThat(logLines("big.bl.rbl.palisade.test. refused")).isEqualTo(1);
  }

  // ---- IXFR ----

  @Test
  void ixfrFromTheCurrentSerialAnswersTheCurrentSoaAlone() throws IOException {
    List<Record> records = answers(transfer(server(), ixfr(ZONE, 12)));
    assertThat(records).singleElement().isEqualTo(zone.soa());
  }

  @Test
  void ixfrSendsTheCondensedDifferenceBetweenTwoSoas() throws IOException {
    Record gone = zone.records().get(0);
    Record added =
        new ARecord(zone.name("9.9.2.0"), DClass.IN, 300, TestZone.address(127, 0, 0, 3));
    zone.delta(10, List.of(gone), List.of(added));

    List<Record> records = answers(transfer(server(), ixfr(ZONE, 10)));

    assertThat(records).hasSize(6);
    assertThat(serial(records.get(0))).isEqualTo(12);
    assertThat(serial(records.get(1))).isEqualTo(10);
    assertThat(records.get(2)).isEqualTo(gone);
    assertThat(serial(records.get(3))).isEqualTo(12);
    assertThat(records.get(4)).isEqualTo(added);
    assertThat(serial(records.get(5))).isEqualTo(12);
  }

  @Test
  void ixfrWithADifferenceAndUdpSoaChecksDoNotCountTheZone() throws IOException {
    // Counting a zone's records renders all of it (a minute for a million entries): a secondary
    // that is sent only a difference, or only the current SOA, must not wait for that.
    zone.delta(10, List.of(zone.records().get(0)), List.of());
    TransferServer server = server();

    answers(transfer(server, ixfr(ZONE, 10)));
    answers(transfer(server, ixfr(ZONE, 12)));
    server.answer(ixfr(ZONE, 10).toWire(), ixfr(ZONE, 10).toWire().length, SECONDARY);

    assertThat(zone.sizeChecks()).isZero();
  }

  @Test
  void ixfrFallingBackToTheWholeZoneOfAZoneTooLargeIsRefused() throws IOException {
    served.add(new TestZone("huge.bl.rbl.palisade.test.", 12).listed(10).markTooLarge());
    List<Message> messages = transfer(server(), ixfr("huge.bl.rbl.palisade.test.", 3));
    assertThat(messages).singleElement().extracting(Message::getRcode).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void ixfrFromAPrunedSerialGetsTheWholeZone() throws IOException {
    List<Record> records = answers(transfer(server(), ixfr(ZONE, 3)));
    assertThat(records).hasSize(zone.records().size() + 2);
    assertThat(serial(records.get(0))).isEqualTo(12);
    assertThat(records.get(1)).isNotInstanceOf(SOARecord.class); // AXFR form, not a difference
  }

  @Test
  void ixfrFromASerialInTheFutureGetsTheWholeZone() throws IOException {
    zone.delta(40, List.of(), List.of()); // must not be used: 40 is newer than 12
    List<Record> records = answers(transfer(server(), ixfr(ZONE, 40)));
    assertThat(records).hasSize(zone.records().size() + 2);
  }

  @Test
  void ixfrWhoseHistoryCannotBeReadGetsTheWholeZone() throws IOException {
    zone.historyFails();
    List<Record> records = answers(transfer(server(), ixfr(ZONE, 10)));
    assertThat(records).hasSize(zone.records().size() + 2);
  }

  @Test
  void ixfrWithoutTheSecondarysSoaIsAFormatError() throws IOException {
    List<Message> messages = transfer(server(), query(ZONE, Type.IXFR));
    assertThat(messages).singleElement().extracting(Message::getRcode).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void ixfrOverUdpAnswersTheCurrentSoaAloneSoTheSecondaryAsksOverTcp() throws IOException {
    for (long theirs : new long[] {12, 10}) {
      byte[] wire = ixfr(ZONE, theirs).toWire();
      Message answer = new Message(server().answer(wire, wire.length, SECONDARY));
      assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(answer.getSection(Section.ANSWER)).singleElement().isEqualTo(zone.soa());
    }
  }

  // ---- Access ----

  @Test
  void refusesAddressesNotAllowedAndLogsOncePerAddress() throws IOException {
    TransferServer server = server();
    for (int i = 0; i < 5; i++) {
      List<Message> messages = transfer(server, query(ZONE, Type.AXFR), STRANGER);
      assertThat(messages).singleElement().extracting(Message::getRcode).isEqualTo(Rcode.REFUSED);
      assertThat(messages.get(0).getSection(Section.ANSWER)).isEmpty();
    }
    byte[] udp = ixfr(ZONE, 1).toWire();
    assertThat(new Message(server.answer(udp, udp.length, STRANGER)).getRcode())
        .isEqualTo(Rcode.REFUSED);
    assertThat(logLines("refused for 192.0.2.9")).isEqualTo(1);
  }

  @Test
  void withKeysConfiguredRefusesUnsignedRequests() throws IOException {
    List<Message> messages = transfer(signedServer(), query(ZONE, Type.AXFR));
    assertThat(messages).singleElement().extracting(Message::getRcode).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void signsEveryMessageOfATransferRequestedWithAnAllowedKey() throws IOException {
    Message query = query(ZONE, Type.AXFR);
    KEY.apply(query, null);
    Capture capture = capture(signedServer(), query);

    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(KEY, query.getTSIG());
    assertThat(capture.messages.size()).isGreaterThan(5);
    for (int i = 0; i < capture.messages.size(); i++) {
      Message m = capture.messages.get(i);
      assertThat(m.getTSIG()).as("message %d signed", i).isNotNull();
      assertThat(verifier.verify(m, capture.wires.get(i))).as("message %d", i).isEqualTo(0);
    }
    assertThat(answers(capture.messages)).hasSize(zone.records().size() + 2);
  }

  @Test
  void answersAnUnknownKeyWithBadkeyUnsigned() throws IOException {
    TSIG unknown = new TSIG(TSIG.HMAC_SHA256, name("other-key."), SECRET);
    Message query = query(ZONE, Type.AXFR);
    unknown.apply(query, null);

    Message answer = transfer(signedServer(), query).get(0);

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(answer.getTSIG().getError()).isEqualTo(Rcode.BADKEY);
    assertThat(answer.getTSIG().getSignature()).isEmpty();
    assertThat(answer.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void answersAWrongSecretWithBadsig() throws IOException {
    TSIG wrong =
        new TSIG(TSIG.HMAC_SHA256, name("xfr-key."), "d3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmc=");
    Message query = query(ZONE, Type.AXFR);
    wrong.apply(query, null);

    Message answer = transfer(signedServer(), query).get(0);

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(answer.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
    assertThat(answer.getSection(Section.ANSWER)).isEmpty();
  }

  // ---- SOA queries: a secondary checking the serial ----

  @Test
  void answersASignedSoaQueryWithASignedSoa() throws IOException {
    Message query = query(ZONE, Type.SOA);
    KEY.apply(query, null);
    byte[] wire = query.toWire();

    byte[] reply = signedServer().answer(wire, wire.length, SECONDARY);

    Message answer = new Message(reply);
    assertThat(answer.getSection(Section.ANSWER)).singleElement().isEqualTo(zone.soa());
    assertThat(KEY.verify(answer, reply, query.getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void leavesOrdinarySoaQueriesToTheDnsPath() {
    byte[] wire = query(ZONE, Type.SOA).toWire();
    assertThat(server().answer(wire, wire.length, STRANGER)).isNull();
    assertThat(server().answer(wire, wire.length, SECONDARY)).isNull();
  }

  @Test
  void answersTheCatalogsSoaOnlyToAllowedSecondaries() throws IOException {
    byte[] wire = query("catalog.invalid.", Type.SOA).toWire();
    Message allowed = new Message(server().answer(wire, wire.length, SECONDARY));
    Message stranger =
        new Message(server().answer(wire, wire.length, TestZone.address(192, 0, 2, 10)));
    assertThat(serial(allowed.getSection(Section.ANSWER).get(0))).isEqualTo(77);
    assertThat(stranger.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(stranger.getSection(Section.ANSWER)).isEmpty();
  }

  // ---- The catalog zone ----

  @Test
  void theCatalogListsEveryServedZoneWithVersionTwo() throws IOException {
    served.add(new TestZone("acme.dbl.rbl.palisade.test.", 4));
    List<Record> records = answers(transfer(server(), query("catalog.invalid.", Type.AXFR)));

    SOARecord soa = (SOARecord) records.get(0);
    assertThat(soa.getSerial()).isEqualTo(77);
    assertThat(records)
        .filteredOn(r -> r instanceof TXTRecord)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getName()).isEqualTo(name("version.catalog.invalid."));
              assertThat(((TXTRecord) r).getStrings()).containsExactly("2");
            });
    Set<String> members =
        records.stream()
            .filter(r -> r instanceof PTRRecord)
            .map(r -> ((PTRRecord) r).getTarget().toString())
            .collect(Collectors.toSet());
    assertThat(members).containsExactlyInAnyOrder(ZONE, "acme.dbl.rbl.palisade.test.");
    assertThat(records)
        .filteredOn(r -> r instanceof PTRRecord)
        .allSatisfy(
            r ->
                assertThat(r.getName().toString())
                    .matches("[0-9a-f]{40}\\.zones\\.catalog\\.invalid\\."));
  }

  // ---- Helpers ----

  private TransferServer server() {
    return server(TsigKeys.of(SecondarySettings.defaults()));
  }

  private TransferServer signedServer() {
    SecondarySettings settings =
        new SecondarySettings(
            List.of("127.0.0.0/8"),
            List.of(new SecondarySettings.Key("xfr-key", "hmac-sha256", SECRET)),
            null,
            null,
            null);
    return server(TsigKeys.of(settings));
  }

  private TransferServer server(TsigKeys keys) {
    CatalogZone catalog =
        new CatalogZone(
            name("catalog.invalid."),
            served,
            () -> 77,
            new CatalogZone.SoaValues(
                name("ns.rbl.palisade.test."), name("invalid."), 3600, 600, 604800, 60));
    return new TransferServer(
        new OfferedZones(served, catalog),
        new TransferAccess(Networks.parse(List.of("127.0.0.0/8")), keys),
        new RefusalLog(
            LoggerFactory.getLogger(TransferServer.class),
            Clock.systemUTC(),
            Duration.ofMinutes(10)));
  }

  private static Message query(String zone, int type) {
    return Message.newQuery(Record.newRecord(name(zone), type, DClass.IN));
  }

  private static Message ixfr(String zone, long serial) {
    Message query = query(zone, Type.IXFR);
    query.addRecord(
        new SOARecord(name(zone), DClass.IN, 0, name("."), name("."), serial, 0, 0, 0, 0),
        Section.AUTHORITY);
    return query;
  }

  /** What the server writes, decoded. */
  private static final class Capture {
    final List<Message> messages = new ArrayList<>();
    final List<byte[]> wires = new ArrayList<>();
  }

  private static Capture capture(TransferServer server, Message query, InetAddress from)
      throws IOException {
    Capture capture = new Capture();
    byte[] wire = query.toWire();
    boolean taken =
        server.transfer(
            wire,
            wire.length,
            from,
            (message, length) -> {
              byte[] copy = Arrays.copyOf(message, length);
              capture.wires.add(copy);
              capture.messages.add(new Message(copy));
            });
    assertThat(taken).isTrue();
    return capture;
  }

  private static Capture capture(TransferServer server, Message query) throws IOException {
    return capture(server, query, SECONDARY);
  }

  private static List<Message> transfer(TransferServer server, Message query, InetAddress from)
      throws IOException {
    return capture(server, query, from).messages;
  }

  private static List<Message> transfer(TransferServer server, Message query) throws IOException {
    return transfer(server, query, SECONDARY);
  }

  private static List<Record> answers(List<Message> messages) {
    List<Record> records = new ArrayList<>();
    for (Message m : messages) {
      records.addAll(m.getSection(Section.ANSWER));
    }
    return records;
  }

  private static long serial(Record record) {
    return ((SOARecord) record).getSerial();
  }

  private static long logLines(String containing) {
    return CapturedLog.text().lines().filter(l -> l.contains(containing)).count();
  }

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }
}
