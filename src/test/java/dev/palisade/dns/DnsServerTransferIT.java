package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * How the server hands zone transfer requests to its {@link TransferResponder}, over real sockets:
 * AXFR and IXFR over TCP get every message the responder writes, on a connection that stays usable
 * for ordinary queries; IXFR over UDP gets the responder's one message; AXFR over UDP, and every
 * transfer without a responder, stay REFUSED.
 */
@Timeout(30)
class DnsServerTransferIT {

  private static final String ZONE = "demo.bl.rbl.palisade.test.";

  private final List<String> handed = new CopyOnWriteArrayList<>();
  private DnsServer server;

  /** Answers each transfer with three messages, each a copy of the query marked as a response. */
  private final TransferResponder responder =
      new TransferResponder() {
        @Override
        public boolean transfer(byte[] query, int length, InetAddress client, Messages out)
            throws IOException {
          handed.add("tcp " + client.getHostAddress());
          for (int i = 0; i < 3; i++) {
            byte[] reply = Arrays.copyOf(query, length);
            reply[2] |= (byte) 0x80;
            out.send(reply, length);
          }
          return true;
        }

        @Override
        public byte[] answer(byte[] query, int length, InetAddress client) {
          handed.add("udp " + client.getHostAddress());
          byte[] reply = Arrays.copyOf(query, length);
          reply[2] |= (byte) 0x80;
          return reply;
        }
      };

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void handsTcpTransfersToTheResponderAndKeepsTheConnectionForQueries() throws IOException {
    start(responder);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());

      for (int type : new int[] {Type.AXFR, Type.IXFR}) {
        write(out, query(ZONE, type));
        for (int i = 0; i < 3; i++) {
          assertThat(read(in).getQuestion().getType()).isEqualTo(type);
        }
      }
      write(out, query("2.0.0.127." + ZONE, Type.A)); // the same connection answers queries
      Message answer = read(in);
      assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(answer.getSection(Section.ANSWER)).isNotEmpty();
    }
    assertThat(handed).containsExactly("tcp 127.0.0.1", "tcp 127.0.0.1");
  }

  @Test
  void handsIxfrAndSoaOverUdpToTheResponderButRefusesAxfrOverUdp() throws IOException {
    start(responder);
    assertThat(udp(query(ZONE, Type.IXFR)).getQuestion().getType()).isEqualTo(Type.IXFR);
    assertThat(udp(query(ZONE, Type.AXFR)).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(udp(query(ZONE, Type.SOA)).getQuestion().getType()).isEqualTo(Type.SOA);
    assertThat(udp(query("2.0.0.127." + ZONE, Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(handed).containsExactly("udp 127.0.0.1", "udp 127.0.0.1");
  }

  @Test
  void refusesTransfersWithoutAResponder() throws IOException {
    start(TransferResponder.NONE);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
      write(new DataOutputStream(socket.getOutputStream()), query(ZONE, Type.AXFR));
      assertThat(read(new DataInputStream(socket.getInputStream())).getRcode())
          .isEqualTo(Rcode.REFUSED);
    }
    assertThat(udp(query(ZONE, Type.IXFR)).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  private void start(TransferResponder transfers) {
    DnsSettings settings = DnsSettings.defaults().withListener("127.0.0.1", 0);
    FakeIndex index = FakeIndex.standard();
    server =
        new DnsServer(
            settings,
            new QueryHandler(settings, () -> index),
            AnswerObserver.NONE,
            new RateLimiter(RateLimitSettings.defaults()),
            new TcpCounters(),
            QueryLog.OFF,
            transfers);
    server.start();
  }

  private static byte[] query(String name, int type) {
    return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN))
        .toWire();
  }

  private static void write(DataOutputStream out, byte[] message) throws IOException {
    out.writeShort(message.length);
    out.write(message);
    out.flush();
  }

  private static Message read(DataInputStream in) throws IOException {
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    return new Message(message);
  }

  private Message udp(byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(5000);
      socket.send(
          new DatagramPacket(
              query, query.length, new InetSocketAddress("127.0.0.1", server.port())));
      byte[] buffer = new byte[4096];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      socket.receive(packet);
      return new Message(Arrays.copyOf(buffer, packet.getLength()));
    }
  }
}
