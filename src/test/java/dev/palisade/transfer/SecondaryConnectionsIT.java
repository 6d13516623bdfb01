package dev.palisade.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What the TCP connections of a secondary are allowed, over real TCP.
 *
 * <ul>
 *   <li>A secondary refreshes many zones at once, each over a connection of its own (Knot and BIND
 *       open one per zone). Addresses in {@code palisade.transfer.allow} are therefore not held to
 *       {@code palisade.dns.tcp-max-per-source}, which still applies to everyone else: connections
 *       from two loopback addresses, all held open at once.
 *   <li>A secondary may read a large transfer slowly — a busy machine, a slow link. With a zone of
 *       about 13 MB, more than the socket buffers hold, Palisade's writes wait for the secondary:
 *       pauses longer than {@code palisade.dns.tcp-message-timeout} (1 s here) must not cost it the
 *       transfer, and a secondary that stops reading altogether is still cut off, after {@code
 *       palisade.dns.transfer-message-timeout} (15 s here).
 * </ul>
 */
@SpringBootTest
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class SecondaryConnectionsIT {

  private static final Actor ACTOR = Actor.system("connections-test");
  private static final int SHARE = 2;
  private static final int SECONDARY_CONNECTIONS = 3 * SHARE;

  private static final Name LARGE = Name.fromConstantString("large.bl.rbl.palisade.test.");

  /** Networks of 128 addresses: each renders to 128 names with an A and a TXT record each. */
  private static final int NETWORKS = 2000;

  /** Longer than tcp-message-timeout, well within transfer-message-timeout. */
  private static final long PAUSE_MILLIS = 3000;

  /** The messages after which the slow secondary pauses, megabytes of the zone still to come. */
  private static final List<Integer> PAUSES = List.of(1, 100, 200);

  /** A stalled secondary reads nothing for this long: transfer-message-timeout and 10 s more. */
  private static final long STALL_MILLIS = 25_000;

  @DynamicPropertySource
  static void limits(DynamicPropertyRegistry registry) {
    registry.add("palisade.transfer.allow", () -> "127.0.0.1/32");
    registry.add("palisade.dns.tcp-max-per-source", () -> Integer.toString(SHARE));
    registry.add("palisade.dns.tcp-message-timeout", () -> "1s");
    registry.add("palisade.dns.transfer-message-timeout", () -> "15s");
  }

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired DnsServer dnsServer;
  @Autowired ServedZones served;

  private final List<Socket> open = new ArrayList<>();
  private long largeZoneRecords;

  @BeforeAll
  void largeZone() {
    long accountId = accounts.createAccount("large", null, ACTOR).getId();
    List<EntryDraft> drafts = new ArrayList<>();
    for (int i = 0; i < NETWORKS; i++) {
      String network = "10." + i / 512 + "." + (i / 2) % 256 + "." + (i % 2) * 128 + "/25";
      drafts.add(new EntryDraft(ListKind.BLOCK, EntryValue.parse(network), null, null, null));
    }
    listings.upsert(accounts.accountScope(accountId).id(), drafts, EntrySource.API, ACTOR);
    long[] count = {0};
    served.zone(LARGE).orElseThrow().forEachRecord(r -> count[0]++);
    largeZoneRecords = count[0];
  }

  @AfterEach
  void close() throws IOException {
    for (Socket socket : open) {
      socket.close();
    }
    open.clear();
  }

  @Test
  void aSecondaryTransfersOverMoreConnectionsAtOnceThanTheShareOfOtherSources() throws IOException {
    long accountId = accounts.createAccount("conns", null, ACTOR).getId();
    listings.create(
        accounts.accountScope(accountId).id(),
        new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.7"), null, "spam", null),
        EntrySource.API,
        ACTOR);
    Name zone = Name.fromConstantString("conns.bl.rbl.palisade.test.");

    List<Socket> secondary = new ArrayList<>();
    for (int i = 0; i < SECONDARY_CONNECTIONS; i++) {
      secondary.add(connect("127.0.0.1"));
    }
    for (Socket socket : secondary) {
      List<Record> records = axfr(socket, zone);
      assertThat(records).as("a whole transfer on each connection").hasSizeGreaterThan(4);
      assertThat(records.get(0).getType()).isEqualTo(Type.SOA);
      assertThat(records.get(records.size() - 1)).isEqualTo(records.get(0));
    }

    // Anyone else keeps its share: the connection over it is closed unanswered.
    List<Socket> stranger = new ArrayList<>();
    for (int i = 0; i <= SHARE; i++) {
      stranger.add(connect("127.0.0.2"));
    }
    for (int i = 0; i < SHARE; i++) {
      assertThat(soaRcode(stranger.get(i), zone)).isEqualTo(Rcode.NOERROR);
    }
    assertThat(closedUnanswered(stranger.get(SHARE), zone)).as("over the share").isTrue();
  }

  @Test
  void aSecondaryPausingLongerThanTheQueryTimeoutGetsTheWholeZone() throws Exception {
    List<Record> records = new ArrayList<>();
    Socket socket = slowReader();
    send(socket, Message.newQuery(Record.newRecord(LARGE, Type.AXFR, DClass.IN)));
    int messages = 0;
    int soas = 0;
    while (soas < 2) {
      if (PAUSES.contains(messages)) {
        Thread.sleep(PAUSE_MILLIS); // Palisade's write waits meanwhile: the buffers are full
      }
      Message message = read(socket);
      messages++;
      assertThat(message.getRcode()).isEqualTo(Rcode.NOERROR);
      for (Record r : message.getSection(Section.ANSWER)) {
        records.add(r);
        soas += r instanceof SOARecord ? 1 : 0;
      }
    }

    assertThat(messages).as("messages").isGreaterThan(PAUSES.get(PAUSES.size() - 1));
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isEqualTo(records.get(0));
    assertThat(records).hasSize((int) largeZoneRecords + 2);
    Name networks = Name.fromConstantString("10." + LARGE);
    long addresses =
        records.stream()
            .filter(r -> r.getType() == Type.A && r.getName().subdomain(networks))
            .count();
    assertThat(addresses).as("an A record for every address").isEqualTo(NETWORKS * 128L);
  }

  @Test
  void aSecondaryThatStopsReadingIsCutOffAfterTheTransferTimeout() throws Exception {
    Socket socket = slowReader();
    send(socket, Message.newQuery(Record.newRecord(LARGE, Type.AXFR, DClass.IN)));
    List<Record> records = new ArrayList<>(read(socket).getSection(Section.ANSWER));
    Thread.sleep(STALL_MILLIS);
    // What was written before the cut-off may still come; then the connection ends.
    boolean closed = false;
    try {
      while (true) {
        records.addAll(read(socket).getSection(Section.ANSWER));
      }
    } catch (EOFException | SocketException cutOff) {
      closed = true;
    }

    assertThat(closed).as("the connection closed by Palisade").isTrue();
    assertThat(records.size()).as("records before the cut-off").isLessThan((int) largeZoneRecords);
    assertThat(records.stream().filter(r -> r instanceof SOARecord).count())
        .as("only the opening SOA")
        .isEqualTo(1);
  }

  /** A connection whose small receive buffer leaves the zone to wait in Palisade's writes. */
  private Socket slowReader() throws IOException {
    Socket socket = new Socket();
    open.add(socket);
    socket.setReceiveBufferSize(16 * 1024); // before connecting: the window does not grow
    socket.connect(new InetSocketAddress("127.0.0.1", dnsServer.port()));
    socket.setSoTimeout(10_000);
    return socket;
  }

  private Socket connect(String from) throws IOException {
    Socket socket = new Socket();
    open.add(socket);
    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", dnsServer.port()));
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Sends AXFR on an open connection and reads the answer to its closing SOA. */
  private static List<Record> axfr(Socket socket, Name zone) throws IOException {
    send(socket, Message.newQuery(Record.newRecord(zone, Type.AXFR, DClass.IN)));
    List<Record> records = new ArrayList<>();
    int soas = 0;
    while (soas < 2) {
      Message m = read(socket);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      for (Record r : m.getSection(Section.ANSWER)) {
        records.add(r);
        if (r.getType() == Type.SOA) {
          soas++;
        }
      }
    }
    return records;
  }

  private static int soaRcode(Socket socket, Name zone) throws IOException {
    send(socket, Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)));
    return read(socket).getRcode();
  }

  private static boolean closedUnanswered(Socket socket, Name zone) throws IOException {
    try {
      soaRcode(socket, zone);
      return false;
    } catch (EOFException | SocketException closed) {
      return true;
    }
  }

  private static void send(Socket socket, Message query) throws IOException {
    byte[] wire = query.toWire();
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeShort(wire.length);
    out.write(wire);
    out.flush();
  }

  private static Message read(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    return new Message(message);
  }
}
