package dev.palisade.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.MovableClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * NOTIFY (RFC 1996) to a secondary played by a UDP socket of the test, with a clock the test moves:
 * what is sent when a serial changes, the debounce, the retries and what counts as an answer.
 */
@Timeout(60)
class NotifierIT {

  private static final String ZONE = "acme.bl.rbl.palisade.test.";
  private static final String CATALOG = "catalog.invalid.";
  private static final TSIG KEY =
      new TSIG(
          TSIG.HMAC_SHA256,
          Name.fromConstantString("notify-key."),
          "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYnk=");

  private final TestZone zone = new TestZone(ZONE, 12).listed(3);
  private final TestZone.Zones served = new TestZone.Zones().add(zone);
  private final AtomicLong catalogSerial = new AtomicLong(5);
  private final AtomicReference<Object> version = new AtomicReference<>(new Object());
  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private DatagramSocket secondary;
  private Notifier notifier;

  @BeforeEach
  void openSecondary() throws IOException {
    secondary = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (notifier != null) {
      notifier.stop();
    }
    secondary.close();
  }

  @Test
  void notifiesEveryZoneAtStartAndEachZoneWhoseSerialMoves() throws IOException {
    start(null);
    assertThat(List.of(answer(receive()), answer(receive())))
        .containsExactlyInAnyOrder(ZONE + " 12", CATALOG + " 5");

    clock.advance(Duration.ofSeconds(2)); // past the debounce of the first round
    zone.serial(13);
    changed();
    assertThat(answer(receive())).isEqualTo(ZONE + " 13");

    clock.advance(Duration.ofSeconds(2));
    catalogSerial.set(6);
    served.add(new TestZone("acme.wl.rbl.palisade.test.", 13));
    changed();
    assertThat(List.of(answer(receive()), answer(receive())))
        .containsExactlyInAnyOrder(CATALOG + " 6", "acme.wl.rbl.palisade.test. 13");
    assertNothingReceived();
  }

  @Test
  void retriesWithBackoffUntilTheSecondaryAnswers() throws IOException {
    served.remove(ZONE);
    start(null);
    Message first = receive();
    assertThat(soa(first).getSerial()).isEqualTo(5);
    assertNothingReceived(); // the clock stands still: no retry yet

    clock.advance(Duration.ofSeconds(1));
    Message second = receive();
    assertThat(second.getQuestion().getName().toString()).isEqualTo(CATALOG);
    assertThat(second.getHeader().getID()).isNotEqualTo(first.getHeader().getID());

    clock.advance(Duration.ofSeconds(1));
    assertNothingReceived(); // the second retry waits two seconds
    clock.advance(Duration.ofSeconds(1));
    Message third = receive();
    reply(first, Rcode.NOERROR, false); // an answer to an older attempt does not count
    clock.advance(Duration.ofSeconds(4));
    Message fourth = receive();
    assertThat(answer(fourth)).isEqualTo(CATALOG + " 5");
    clock.advance(Duration.ofMinutes(5));
    assertNothingReceived();
    assertThat(third.getHeader().getID()).isNotEqualTo(fourth.getHeader().getID());
  }

  @Test
  void sendsAtMostOneRoundPerZoneASecondWithTheNewestSerial() throws IOException {
    served.remove(ZONE);
    start(null);
    answer(receive());
    clock.advance(Duration.ofSeconds(5));

    catalogSerial.set(6);
    changed();
    assertThat(answer(receive())).isEqualTo(CATALOG + " 6");
    catalogSerial.set(7);
    changed();
    catalogSerial.set(8);
    changed();
    assertNothingReceived(); // within a second of the last round

    clock.advance(Duration.ofSeconds(1));
    assertThat(answer(receive())).isEqualTo(CATALOG + " 8");
    assertNothingReceived();
  }

  @Test
  void signsWithTheTargetsKeyAndTakesOnlySignedAnswers() throws IOException {
    served.remove(ZONE);
    start(KEY);
    Message first = receive();
    assertThat(first.getTSIG()).isNotNull();
    reply(first, Rcode.NOERROR, false); // unsigned: not an answer from the key's holder

    clock.advance(Duration.ofSeconds(1));
    Message second = receive();
    reply(second, Rcode.NOERROR, true);
    clock.advance(Duration.ofMinutes(5));
    assertNothingReceived();
  }

  // ---- Helpers ----

  private void start(TSIG key) {
    CatalogZone catalog =
        new CatalogZone(
            Name.fromConstantString(CATALOG),
            served,
            catalogSerial::get,
            new CatalogZone.SoaValues(
                Name.fromConstantString("ns.rbl.palisade.test."),
                Name.fromConstantString("invalid."),
                3600,
                600,
                604800,
                60));
    InetSocketAddress target =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), secondary.getLocalPort());
    notifier =
        new Notifier(
            new OfferedZones(served, catalog),
            List.of(new Notifier.Target(target, key)),
            version::get,
            clock,
            new RefusalLog(LoggerFactory.getLogger(Notifier.class), clock, Duration.ofMinutes(10)));
    notifier.start();
  }

  private void changed() {
    version.set(new Object());
  }

  private Message receive() throws IOException {
    secondary.setSoTimeout(10_000);
    byte[] buffer = new byte[4096];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    secondary.receive(packet);
    lastSender = (InetSocketAddress) packet.getSocketAddress();
    Message notify = new Message(Arrays.copyOf(buffer, packet.getLength()));
    assertThat(notify.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    assertThat(notify.getHeader().getFlag(Flags.AA)).isTrue();
    if (notify.getTSIG() != null) {
      byte[] wire = Arrays.copyOf(buffer, packet.getLength());
      assertThat(KEY.verify(new Message(wire), wire, null)).isEqualTo(Rcode.NOERROR);
    }
    return notify;
  }

  private InetSocketAddress lastSender;

  /** Acknowledges the NOTIFY; returns "zone serial". */
  private String answer(Message notify) throws IOException {
    reply(notify, Rcode.NOERROR, notify.getTSIG() != null);
    return notify.getQuestion().getName() + " " + soa(notify).getSerial();
  }

  private void reply(Message notify, int rcode, boolean signed) throws IOException {
    Message reply = new Message(notify.getHeader().getID());
    reply.getHeader().setOpcode(Opcode.NOTIFY);
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.AA);
    reply.getHeader().setRcode(rcode);
    reply.addRecord(notify.getQuestion(), Section.QUESTION);
    if (signed) {
      KEY.apply(reply, notify.getTSIG());
    }
    byte[] wire = reply.toWire();
    secondary.send(new DatagramPacket(wire, wire.length, lastSender));
  }

  private static SOARecord soa(Message notify) {
    return (SOARecord) notify.getSection(Section.ANSWER).get(0);
  }

  /** Nothing arrives within a few of the notifier's looks (it looks every 100 ms). */
  private void assertNothingReceived() throws IOException {
    secondary.setSoTimeout((int) (5 * Notifier.POLL_MILLIS));
    byte[] buffer = new byte[4096];
    try {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      secondary.receive(packet);
      Message stray = new Message(Arrays.copyOf(buffer, packet.getLength()));
      throw new AssertionError("unexpected NOTIFY: " + stray.getQuestion() + " " + soa(stray));
    } catch (SocketTimeoutException expected) {
      // nothing, as it should be
    }
  }
}
