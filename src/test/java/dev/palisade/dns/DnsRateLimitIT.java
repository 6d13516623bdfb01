package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.answers;
import static dev.palisade.dns.DnsTestSupport.query;
import static dev.palisade.dns.DnsTestSupport.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Response rate limiting over real sockets, on both UDP paths: a flood from one loopback address is
 * capped while another address, querying at a resolver's pace meanwhile, gets every answer in full;
 * an exempt address is never limited; TCP is never limited. Loopback is exempt by default, so these
 * servers exempt only 127.0.0.4 and count every address as its own network (/32), which is what
 * tells 127.0.0.2 from 127.0.0.3.
 *
 * <p>The outcomes are asserted with wide bounds, not timing: at 20 answers a second plus a burst of
 * 20, the flood would need to last for minutes to get a quarter of its answers.
 */
@Timeout(120)
class DnsRateLimitIT {

  /** A listed address whose TXT answer is about 900 bytes: the amplification case. */
  private static final String LISTED = "6.113.0.203.demo.bl.rbl.palisade.test";

  private static final int RATE = 20;
  private static final int MIN_FLOOD = 2000;
  private static final int WINDOW = 50;

  private static final InetAddress FLOODER = loopback(2);
  private static final InetAddress RESOLVER = loopback(3);
  private static final InetAddress EXEMPT = loopback(4);

  private static DnsServer start(String udpIo, RateLimiter limiter) {
    assumeTrue(
        !"native".equals(udpIo) || NativeUdp.unavailable() == null,
        () -> "native UDP unavailable: " + NativeUdp.unavailable());
    DnsSettings settings = DnsSettings.defaults().withListener("127.0.0.1", 0).withUdpIo(udpIo);
    FakeIndex index = FakeIndex.standard();
    DnsServer server =
        new DnsServer(
            settings, new QueryHandler(settings, () -> index), AnswerObserver.NONE, limiter);
    server.start();
    return server;
  }

  private static RateLimiter limiter() {
    return new RateLimiter(
        new RateLimitSettings(
            true, RATE, RATE, RATE, RATE, 2, 32, 128, List.of(EXEMPT.getHostAddress()), 4096));
  }

  @ParameterizedTest(name = "udp-io={0}")
  @ValueSource(strings = {"nio", "native"})
  void capsAFloodFromOneSourceWhileAnotherSourceIsAnsweredInFull(String udpIo) throws Exception {
    RateLimiter limiter = limiter();
    DnsServer server = start(udpIo, limiter);
    try {
      AtomicBoolean resolverDone = new AtomicBoolean();
      CompletableFuture<Flood> flooding =
          CompletableFuture.supplyAsync(() -> flood(server.port(), resolverDone));

      int answeredInFull = 0;
      try (DatagramSocket resolver = socket(RESOLVER)) {
        for (int i = 0; i < 20; i++) { // 10 a second, half its rate
          Message answer = ask(resolver, server.port(), i);
          if (answer != null
              && !answer.getHeader().getFlag(Flags.TC)
              && !answers(answer).isEmpty()) {
            answeredInFull++;
          }
          Thread.sleep(100);
        }
      } finally {
        resolverDone.set(true);
      }
      Flood flood = flooding.get(90, TimeUnit.SECONDS);

      assertThat(answeredInFull).as("the resolver's answers in full").isEqualTo(20);
      assertThat(flood.sent).isGreaterThanOrEqualTo(MIN_FLOOD);
      assertThat(flood.full).as("the flood's full answers").isPositive();
      assertThat(flood.full).as("the flood's full answers").isLessThan(flood.sent / 4);
      assertThat(flood.slipped).as("slips, about half of what is held back").isPositive();
      assertThat(flood.slipped).isGreaterThan(flood.sent / 5);
      assertThat(flood.other).as("answers neither full nor a clean slip").isZero();
      assertThat(limiter.dropped(ResponseClass.RESPONSE)).isGreaterThan(flood.sent / 5);
      assertThat(limiter.slipped(ResponseClass.RESPONSE)).isGreaterThanOrEqualTo(flood.slipped);

      // What a slipped resolver does next: TCP, which is never limited.
      assertThat(answers(askOverTcp(server.port(), FLOODER))).startsWith("Medium reason");
    } finally {
      server.stop();
    }
  }

  @ParameterizedTest(name = "udp-io={0}")
  @ValueSource(strings = {"nio", "native"})
  void neverLimitsAnExemptSource(String udpIo) throws Exception {
    RateLimiter limiter = limiter();
    DnsServer server = start(udpIo, limiter);
    try (DatagramSocket client = socket(EXEMPT)) {
      client.setSoTimeout(2000);
      byte[] query = queryWithEdns(LISTED, "TXT", 1232, 0, 0).toWire();
      int full = 0;
      for (int window = 0; window < 6; window++) { // 300 queries, 15 times the rate
        for (int i = 0; i < WINDOW; i++) {
          send(client, query, server.port());
        }
        for (int i = 0; i < WINDOW; i++) {
          byte[] answer = receive(client);
          if (answer != null && (answer[2] & 0x02) == 0 && Wire.u16(answer, 6) > 0) {
            full++;
          }
        }
      }
      assertThat(full).isEqualTo(6 * WINDOW);
      assertThat(limiter.dropped() + limiter.slipped()).isZero();
    } finally {
      server.stop();
    }
  }

  /** What the flooding source sent and got back. */
  private record Flood(int sent, int full, int slipped, int other) {}

  /**
   * Sends the listed TXT query in windows of {@link #WINDOW}, taking whatever comes back until 20
   * ms of silence after each window (so neither side's socket buffer overflows), until the resolver
   * is done and at least {@link #MIN_FLOOD} are sent; never more than 100,000.
   */
  private static Flood flood(int port, AtomicBoolean resolverDone) {
    byte[] query = queryWithEdns(LISTED, "TXT", 1232, 0, 0).toWire();
    int sent = 0;
    int full = 0;
    int slipped = 0;
    int other = 0;
    try (DatagramSocket socket = socket(FLOODER)) {
      socket.setReceiveBufferSize(4 << 20);
      socket.setSoTimeout(20);
      while ((sent < MIN_FLOOD || !resolverDone.get()) && sent < 100_000) {
        for (int i = 0; i < WINDOW; i++) {
          query[0] = (byte) (sent >>> 8);
          query[1] = (byte) sent;
          send(socket, query, port);
          sent++;
        }
        byte[] answer;
        while ((answer = receive(socket)) != null) {
          boolean tc = (answer[2] & 0x02) != 0;
          int records = Wire.u16(answer, 6);
          if (!tc && records > 0) {
            full++;
          } else if (tc && records == 0 && answer.length <= query.length) {
            slipped++;
          } else {
            other++;
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Flood(sent, full, slipped, other);
  }

  /** One query with ID {@code id} and its answer, or null when none comes within 2 s. */
  private static Message ask(DatagramSocket socket, int port, int id) throws IOException {
    Message query = queryWithEdns(LISTED, "TXT", 1232, 0, 0);
    query.getHeader().setID(id);
    socket.setSoTimeout(2000);
    send(socket, query.toWire(), port);
    byte[] answer;
    while ((answer = receive(socket)) != null) {
      Message message = new Message(answer);
      if (message.getHeader().getID() == id) {
        return message;
      }
    }
    return null;
  }

  private static Message askOverTcp(int port, InetAddress from) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      socket.setSoTimeout(5000);
      byte[] query = query(LISTED, "TXT").toWire();
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {(byte) (query.length >>> 8), (byte) query.length});
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return new Message(answer);
    }
  }

  private static DatagramSocket socket(InetAddress local) throws IOException {
    return new DatagramSocket(new InetSocketAddress(local, 0));
  }

  private static void send(DatagramSocket socket, byte[] query, int port) throws IOException {
    socket.send(
        new DatagramPacket(
            query, query.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
  }

  /** The next datagram, or null when none comes within the socket's timeout. */
  private static byte[] receive(DatagramSocket socket) throws IOException {
    byte[] buffer = new byte[4096];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return Arrays.copyOf(buffer, packet.getLength());
  }

  private static InetAddress loopback(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
