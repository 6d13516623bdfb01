package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.answers;
import static dev.palisade.dns.DnsTestSupport.query;
import static dev.palisade.dns.DnsTestSupport.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * Throws malformed packets at a running server over UDP and TCP, then checks it still answers
 * correctly on both transports with every listener alive. Seeded, so a failure replays.
 */
@Timeout(180)
class DnsServerRobustnessIT {

  private static final long SEED = 0x5eed_d115L;
  private static final String LISTED = "3.2.0.192.demo.bl.rbl.palisade.test";

  private static DnsServer server;

  @BeforeAll
  static void start() {
    server =
        DnsServerIT.startServer(
            DnsSettings.defaults()
                .withListener("127.0.0.1", 0)
                .withTcpIdleTimeout(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void survivesTenThousandMalformedPacketsAndStillAnswersCorrectly() throws Exception {
    List<byte[]> packets = malformedPackets(new Random(SEED));
    assertThat(packets).hasSizeGreaterThanOrEqualTo(10_000);

    int replies = sendOverUdp(packets);
    int tcpReplies = sendOverTcp(packets.subList(0, 1500), new Random(SEED + 1));

    System.out.printf(
        "sent %d packets: %d UDP replies, %d TCP replies%n", packets.size(), replies, tcpReplies);
    assertThat(replies).as("some malformed queries get FORMERR and the like").isPositive();
    assertThat(tcpReplies).isPositive();
    assertThat(server.isRunning()).isTrue();
    assertThat(server.liveListeners()).as("UDP receivers and TCP acceptor").isEqualTo(3);
    assertAnswersCorrectly();
  }

  /** Correct answers over TCP and from many UDP source ports, so that every UDP socket is used. */
  private static void assertAnswersCorrectly() throws IOException {
    for (int i = 0; i < 20; i++) {
      SimpleResolver udp = resolver();
      assertThat(answers(udp.send(query(LISTED, "A")))).isEqualTo("127.0.0.2");
    }
    SimpleResolver tcp = resolver();
    tcp.setTCP(true);
    assertThat(answers(tcp.send(query(LISTED, "TXT"))))
        .isEqualTo("Listed: see https://lists.example/q?ip=192.0.2.3");
  }

  private static SimpleResolver resolver() {
    SimpleResolver resolver =
        new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver;
  }

  /**
   * Sends every packet, draining replies as it goes; checks each reply is a well-formed response no
   * larger than a UDP answer may be. Returns how many replies came back.
   */
  private static int sendOverUdp(List<byte[]> packets) throws IOException, InterruptedException {
    InetSocketAddress target =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    int replies = 0;
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.configureBlocking(false);
      channel.connect(target);
      ByteBuffer in = ByteBuffer.allocate(65535);
      for (int i = 0; i < packets.size(); i++) {
        channel.write(ByteBuffer.wrap(packets.get(i)));
        if (i % 50 == 49) {
          Thread.sleep(2); // pace, so the server sees the packets rather than a full buffer
          replies += drain(channel, in);
        }
      }
      Thread.sleep(300);
      replies += drain(channel, in);
    }
    return replies;
  }

  private static int drain(DatagramChannel channel, ByteBuffer in) throws IOException {
    int count = 0;
    while (true) {
      in.clear();
      int read;
      try {
        read = channel.read(in);
      } catch (java.net.PortUnreachableException e) {
        continue;
      }
      if (read <= 0) {
        return count;
      }
      byte[] reply = java.util.Arrays.copyOf(in.array(), read);
      Message response = new Message(reply);
      assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(reply.length).isLessThanOrEqualTo(QueryHandler.MAX_UDP_PAYLOAD);
      count++;
    }
  }

  /**
   * Sends the packets framed over a handful of connections, some frames cut short or with a length
   * that lies; reads replies until the server closes. Returns how many replies came back.
   */
  private static int sendOverTcp(List<byte[]> packets, Random random) throws IOException {
    int replies = 0;
    int chunk = 100;
    for (int start = 0; start < packets.size(); start += chunk) {
      ByteArrayOutputStream frames = new ByteArrayOutputStream();
      for (byte[] packet : packets.subList(start, Math.min(packets.size(), start + chunk))) {
        if (packet.length == 0) {
          continue; // a zero length ends the connection; tested below
        }
        frames.write(packet.length >>> 8);
        frames.write(packet.length);
        frames.write(packet);
      }
      switch (random.nextInt(4)) {
        case 0 -> frames.write(new byte[] {0, 0}); // zero-length frame
        case 1 -> frames.write(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}); // lying length
        case 2 -> frames.write(7); // half a length prefix
        default -> {}
      }
      try (Socket socket = DnsServerIT.tcpSocket(server.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(frames.toByteArray());
        out.flush();
        socket.shutdownOutput();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
          try {
            Message response = DnsServerIT.readFrame(in);
            assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
            replies++;
          } catch (EOFException | SocketException closed) {
            break;
          }
        }
      }
    }
    return replies;
  }

  /** At least 10,000 hostile packets, each kind of damage a share of them. */
  static List<byte[]> malformedPackets(Random random) {
    List<byte[]> valid = validQueries();
    List<byte[]> packets = new ArrayList<>();
    // Random bytes of random length, including empty and sub-header packets.
    for (int i = 0; i < 2000; i++) {
      byte[] p = new byte[random.nextInt(i < 200 ? 16 : 600)];
      random.nextBytes(p);
      packets.add(p);
    }
    // Valid queries cut at every length.
    for (byte[] q : valid) {
      for (int length = 0; length < q.length; length++) {
        packets.add(java.util.Arrays.copyOf(q, length));
      }
    }
    // Flipped bits, with QR kept clear half of the time so the packet is read as a query.
    for (int i = 0; i < 3000; i++) {
      byte[] p = valid.get(random.nextInt(valid.size())).clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int bit = random.nextInt(p.length * 8);
        p[bit / 8] ^= (byte) (1 << (bit % 8));
      }
      if (random.nextBoolean()) {
        p[2] &= 0x7f;
      }
      packets.add(p);
    }
    // Bogus section counts.
    for (int i = 0; i < 1500; i++) {
      byte[] p = valid.get(random.nextInt(valid.size())).clone();
      int section = random.nextInt(4);
      int count = random.nextBoolean() ? random.nextInt(65536) : random.nextInt(4);
      p[4 + 2 * section] = (byte) (count >>> 8);
      p[5 + 2 * section] = (byte) count;
      packets.add(p);
    }
    // Compression pointers: to itself, in a loop, forward, past the end.
    for (int i = 0; i < 600; i++) {
      packets.add(pointerPacket(random, i % 4));
    }
    // Label lengths above 63 (the reserved 01/10 label types) and past the end of the packet.
    for (int i = 0; i < 600; i++) {
      byte[] p = header(random, 1);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(p);
      int labels = 1 + random.nextInt(3);
      for (int l = 0; l < labels; l++) {
        int length = 64 + random.nextInt(192);
        b.write(length);
        byte[] text = new byte[random.nextInt(80)];
        random.nextBytes(text);
        b.writeBytes(text);
      }
      b.write(0);
      b.writeBytes(new byte[] {0, 1, 0, 1});
      packets.add(b.toByteArray());
    }
    // A query-looking header with random bytes after it.
    for (int i = 0; i < 1500; i++) {
      byte[] tail = new byte[random.nextInt(300)];
      random.nextBytes(tail);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(header(random, 1 + random.nextInt(2)));
      b.writeBytes(tail);
      packets.add(b.toByteArray());
    }
    // Well-formed queries with random types, classes, opcodes, flags and EDNS fields.
    for (int i = 0; i < 1000; i++) {
      byte[] q = valid.get(random.nextInt(valid.size())).clone();
      q[2] = (byte) (random.nextInt(256) & 0x7f);
      q[3] = (byte) random.nextInt(256);
      int questionEnd = q.length - (q.length > 40 && hasOpt(q) ? 11 : 0);
      q[questionEnd - 4] = (byte) random.nextInt(256);
      q[questionEnd - 3] = (byte) random.nextInt(256);
      if (random.nextBoolean()) {
        q[questionEnd - 2] = (byte) random.nextInt(256);
        q[questionEnd - 1] = (byte) random.nextInt(256);
      }
      packets.add(q);
    }
    // Names as long as the format allows, and labels full of odd bytes.
    for (int i = 0; i < 300; i++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(header(random, 1));
      int total = 0;
      while (total < 240 + random.nextInt(40)) {
        int length = 1 + random.nextInt(63);
        byte[] label = new byte[length];
        random.nextBytes(label);
        b.write(length);
        b.writeBytes(label);
        total += length + 1;
      }
      b.writeBytes(
          "\3bl\3rbl\10palisade\4test".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      b.write(0);
      b.writeBytes(new byte[] {0, 16, 0, 1});
      packets.add(b.toByteArray());
    }
    java.util.Collections.shuffle(packets, random);
    return packets;
  }

  private static boolean hasOpt(byte[] q) {
    return q[11] == 1; // ARCOUNT of 1: the OPT record we added
  }

  private static List<byte[]> validQueries() {
    return List.of(
        query(LISTED, "A").toWire(),
        query("spam.example.demo.dbl.rbl.palisade.test", "TXT").toWire(),
        query("<2001:db8::1>.demo.bl.rbl.palisade.test", "ANY").toWire(),
        queryWithEdns(LISTED, "TXT", 1232, 0, 0).toWire(),
        queryWithEdns("5.113.0.203.demo.bl.rbl.palisade.test", "TXT", 4096, 0, 0x8000).toWire(),
        query("rbl.palisade.test", "SOA").toWire());
  }

  private static byte[] header(Random random, int qdcount) {
    byte[] h = new byte[12];
    h[0] = (byte) random.nextInt(256);
    h[1] = (byte) random.nextInt(256);
    h[2] = 0x01; // RD, QR=0, opcode QUERY
    h[5] = (byte) qdcount;
    return h;
  }

  private static byte[] pointerPacket(Random random, int kind) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(header(random, 1));
    switch (kind) {
      case 0 -> b.writeBytes(new byte[] {(byte) 0xc0, 12}); // points at itself
      case 1 -> {
        // label, then a pointer back to the label: an endless name
        b.writeBytes(new byte[] {1, 'a', (byte) 0xc0, 12});
      }
      case 2 -> {
        // two pointers pointing at each other
        b.writeBytes(new byte[] {(byte) 0xc0, 14, (byte) 0xc0, 12});
      }
      default -> {
        int target = random.nextInt(0x3fff);
        b.writeBytes(new byte[] {(byte) (0xc0 | (target >>> 8)), (byte) target});
      }
    }
    b.writeBytes(new byte[] {0, 1, 0, 1});
    return b.toByteArray();
  }
}
