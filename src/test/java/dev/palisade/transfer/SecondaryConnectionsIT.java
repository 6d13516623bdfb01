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
import org.junit.jupiter.api.Test;
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
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A secondary refreshes many zones at once, each over a TCP connection of its own (Knot and BIND
 * open one per zone). Addresses in {@code palisade.transfer.allow} are therefore not held to {@code
 * palisade.dns.tcp-max-per-source}, which still applies to everyone else. Real TCP connections from
 * two loopback addresses, all held open at once.
 */
@SpringBootTest
@ActiveProfiles("test")
class SecondaryConnectionsIT {

  private static final Actor ACTOR = Actor.system("connections-test");
  private static final int SHARE = 2;
  private static final int SECONDARY_CONNECTIONS = 3 * SHARE;

  @DynamicPropertySource
  static void limits(DynamicPropertyRegistry registry) {
    registry.add("palisade.transfer.allow", () -> "127.0.0.1/32");
    registry.add("palisade.dns.tcp-max-per-source", () -> Integer.toString(SHARE));
  }

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired DnsServer dnsServer;

  private final List<Socket> open = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket socket : open) {
      socket.close();
    }
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
