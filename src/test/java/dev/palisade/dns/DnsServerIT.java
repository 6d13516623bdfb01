package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.answers;
import static dev.palisade.dns.DnsTestSupport.authority;
import static dev.palisade.dns.DnsTestSupport.query;
import static dev.palisade.dns.DnsTestSupport.queryWithEdns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** The server over real sockets on 127.0.0.1, with dnsjava's resolver and raw packets. */
@Timeout(60)
class DnsServerIT {

  private static final Duration IDLE = Duration.ofMillis(1500);
  private static final String LISTED = "3.2.0.192.demo.bl.rbl.palisade.test";
  private static final String LONG_TXT = "5.113.0.203.demo.bl.rbl.palisade.test";

  private static DnsServer server;

  @BeforeAll
  static void start() {
    server =
        startServer(DnsSettings.defaults().withListener("127.0.0.1", 0).withTcpIdleTimeout(IDLE));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static DnsServer startServer(DnsSettings settings) {
    FakeIndex index = FakeIndex.standard();
    DnsServer dns = new DnsServer(settings, new QueryHandler(settings, () -> index));
    dns.start();
    return dns;
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void answersListedAddressWithATxtAndAny(boolean tcp) throws IOException {
    SimpleResolver resolver = resolver(tcp);

    Message a = resolver.send(query(LISTED, "A"));
    Message txt = resolver.send(query(LISTED, "TXT"));
    Message any = resolver.send(query(LISTED, "ANY"));

    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answers(a)).isEqualTo("127.0.0.2");
    assertThat(answers(txt)).isEqualTo("Listed: see https://lists.example/q?ip=192.0.2.3");
    assertThat(answers(any))
        .isEqualTo("127.0.0.2 + Listed: see https://lists.example/q?ip=192.0.2.3");
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void answersNegativesWithTheZoneSoa(boolean tcp) throws IOException {
    SimpleResolver resolver = resolver(tcp);

    Message nxdomain = resolver.send(query("4.3.2.10.demo.bl.rbl.palisade.test", "A"));
    Message nodata = resolver.send(query(LISTED, "AAAA"));
    Message ent = resolver.send(query("0.0.127.demo.bl.rbl.palisade.test", "A"));
    Message domainEnt = resolver.send(query("a.example.demo.dbl.rbl.palisade.test", "A"));

    assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(authority(nxdomain)).isEqualTo("demo.bl.rbl.palisade.test.");
    assertThat(nxdomain.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(60);
    for (Message m : List.of(nodata, ent)) {
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getSection(Section.ANSWER)).isEmpty();
      assertThat(authority(m)).isEqualTo("demo.bl.rbl.palisade.test.");
    }
    assertThat(domainEnt.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(authority(domainEnt)).isEqualTo("demo.dbl.rbl.palisade.test.");
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void refusesNamesOutsideTheBaseZoneWithoutAaOrRecursion(boolean tcp) throws IOException {
    Message refused = resolver(tcp).send(query("www.example.com", "A"));

    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(refused.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(refused.getHeader().getFlag(Flags.RA)).isFalse();
  }

  @Test
  void answersNotimpToNotify() throws IOException {
    Message notify = query("demo.bl.rbl.palisade.test", "SOA");
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    notify.getHeader().setID(777);

    Message response = new Message(udp(notify.toWire()));

    assertThat(response.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(response.getHeader().getID()).isEqualTo(777);
  }

  @Test
  void echoesEdnsAndAnswersBadversToVersionOne() throws IOException {
    Message withOpt = resolver(false).send(query(LISTED, "A"));
    // dnsjava's resolver only speaks version 0, so version 1 goes out as a raw packet.
    Message badvers = new Message(udp(queryWithEdns(LISTED, "A", 1232, 1, 0).toWire()));

    assertThat(withOpt.getOPT()).isNotNull();
    assertThat(withOpt.getOPT().getPayloadSize()).isEqualTo(1232);
    assertThat(badvers.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(badvers.getOPT()).isNotNull();
    assertThat(badvers.getOPT().getVersion()).isZero();
  }

  @Test
  void truncatesOverUdpAndAnswersInFullOverTcp() throws IOException {
    Message overUdp = new Message(udp(query(LONG_TXT, "TXT").toWire()));
    Message overTcp = resolver(true).send(query(LONG_TXT, "TXT"));
    // dnsjava's resolver sees TC over UDP and retries over TCP by itself, as resolvers do.
    Message retried = resolver(false).send(query(LONG_TXT, "TXT"));

    String expected = FakeIndex.LONG_REASON.replace("$", "203.0.113.5");
    assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(overUdp.getSection(Section.ANSWER)).isEmpty();
    assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(answers(overTcp)).isEqualTo(expected);
    assertThat(answers(retried)).isEqualTo(expected);
  }

  @Test
  void answersPipelinedTcpQueriesInOrderOnOneConnection() throws IOException {
    String[] names = {
      LISTED, "spam.example.demo.dbl.rbl.palisade.test", "nosuch.rbl.palisade.test"
    };
    try (Socket socket = tcpSocket()) {
      OutputStream out = socket.getOutputStream();
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < names.length; i++) {
        Message q = query(names[i], "A");
        q.getHeader().setID(100 + i);
        byte[] wire = q.toWire();
        all.write(wire.length >>> 8);
        all.write(wire.length);
        all.write(wire);
      }
      out.write(all.toByteArray()); // all three in one segment
      out.flush();

      DataInputStream in = new DataInputStream(socket.getInputStream());
      Message first = readFrame(in);
      Message second = readFrame(in);
      Message third = readFrame(in);

      assertThat(first.getHeader().getID()).isEqualTo(100);
      assertThat(answers(first)).isEqualTo("127.0.0.2");
      assertThat(second.getHeader().getID()).isEqualTo(101);
      assertThat(answers(second)).isEqualTo("127.0.1.2");
      assertThat(third.getHeader().getID()).isEqualTo(102);
      assertThat(third.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
  }

  @Test
  void closesIdleTcpConnectionsAfterTheTimeout() throws IOException {
    try (Socket socket = tcpSocket()) {
      socket.setSoTimeout((int) IDLE.multipliedBy(4).toMillis());
      byte[] wire = query(LISTED, "A").toWire();
      OutputStream out = socket.getOutputStream();
      out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertThat(answers(readFrame(in))).isEqualTo("127.0.0.2");

      long started = System.nanoTime();
      int next;
      try {
        next = in.read(); // nothing more is sent: the server must close
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept an idle connection open", e);
      }
      long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();

      assertThat(next).isEqualTo(-1);
      assertThat(waited).isGreaterThanOrEqualTo(IDLE.toMillis() / 2);
    }
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void answersIpv6NibbleQueries(boolean tcp) throws IOException {
    SimpleResolver resolver = resolver(tcp);

    Message listed = resolver.send(query("<2001:db8::1>.demo.bl.rbl.palisade.test", "TXT"));
    Message testPoint = resolver.send(query("<::ffff:7f00:2>.demo.bl.rbl.palisade.test", "A"));
    Message partial = resolver.send(query("8.b.d.0.1.0.0.2.demo.bl.rbl.palisade.test", "A"));

    assertThat(answers(listed)).isEqualTo("v6 2001:db8::1");
    assertThat(answers(testPoint)).isEqualTo("127.0.0.2");
    assertThat(partial.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(partial.getSection(Section.ANSWER)).isEmpty();
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void matchesCaseInsensitivelyAndEchoesTheCase(boolean tcp) throws IOException {
    String mixed = "3.2.0.192.DeMo.bL.RBL.Palisade.TEST.";
    Message response = resolver(tcp).send(query(mixed, "A"));

    assertThat(answers(response)).isEqualTo("127.0.0.2");
    assertThat(response.getQuestion().getName().toString()).isEqualTo(mixed);
  }

  @Test
  void closesTcpConnectionsBeyondTheCap() throws Exception {
    DnsSettings settings =
        new DnsSettings(
            "rbl.palisade.test",
            "127.0.0.1",
            0,
            1,
            300,
            null,
            null,
            3600,
            Duration.ofSeconds(20),
            2,
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            8,
            null,
            null,
            null,
            null,
            0,
            0);
    DnsServer capped = startServer(settings);
    try (Socket one = tcpSocket(capped.port());
        Socket two = tcpSocket(capped.port())) {
      // Make sure both are being served before opening the third.
      assertThat(answers(tcpQuery(one, LISTED))).isEqualTo("127.0.0.2");
      assertThat(answers(tcpQuery(two, LISTED))).isEqualTo("127.0.0.2");
      try (Socket three = tcpSocket(capped.port())) {
        three.setSoTimeout(5000);
        assertThat(readOrReset(three.getInputStream())).isEqualTo(-1);
      }
      one.close();
      // The slot comes back once the server notices the close.
      long deadline = System.currentTimeMillis() + 5000;
      Message answer = null;
      while (answer == null && System.currentTimeMillis() < deadline) {
        try (Socket four = tcpSocket(capped.port())) {
          answer = tcpQuery(four, LISTED);
        } catch (IOException closedBeyondCap) {
          Thread.sleep(50);
        }
      }
      assertThat(answer).isNotNull();
      assertThat(answers(answer)).isEqualTo("127.0.0.2");
    } finally {
      capped.stop();
    }
  }

  @ParameterizedTest(name = "udp-io={0}")
  @ValueSource(strings = {"native", "nio"})
  void bindsUdpAndTcpToOnePortAndReleasesItOnStop(String udpIo) throws IOException {
    assumeAvailable(udpIo);
    DnsServer other =
        startServer(
            DnsSettings.defaults()
                .withListener("127.0.0.1", 0)
                .withTcpIdleTimeout(IDLE)
                .withUdpIo(udpIo));
    int port = other.port();
    assertThat(port).isPositive();
    assertThat(other.isRunning()).isTrue();
    assertThat(other.liveListeners()).isEqualTo(3);
    assertThat(answers(new Message(udp(query(LISTED, "A").toWire(), port)))).isEqualTo("127.0.0.2");
    try (Socket socket = tcpSocket(port)) {
      assertThat(answers(tcpQuery(socket, LISTED))).isEqualTo("127.0.0.2");
    }

    long started = System.nanoTime();
    other.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("blocked receivers wake at once")
        .isLessThan(Duration.ofSeconds(1));
    assertThat(other.isRunning()).isFalse();
    assertThat(other.port()).isEqualTo(-1);
    assertThat(other.liveListeners()).isZero();
    assertThatCode(
            () -> {
              try (DatagramSocket reuse =
                  new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                // bound: the port was released
              }
            })
        .doesNotThrowAnyException();
  }

  /**
   * A backlog: the first query holds the receiving thread (its snapshot is not ready) until all 64
   * are queued on the server's socket, so the rest arrive in batches. Every answer must reach the
   * one client socket with its own ID.
   */
  @ParameterizedTest(name = "udp-io={0}")
  @ValueSource(strings = {"native", "nio"})
  void answersABacklogOfQueriesFromOneSocketEachWithItsId(String udpIo) throws Exception {
    assumeAvailable(udpIo);
    FakeIndex index = FakeIndex.standard();
    CountDownLatch queued = new CountDownLatch(1);
    DnsSettings settings = DnsSettings.defaults().withListener("127.0.0.1", 0).withUdpIo(udpIo);
    DnsServer backlogged =
        new DnsServer(
            settings,
            new QueryHandler(
                settings,
                () -> {
                  try {
                    queued.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return index;
                }));
    backlogged.start();
    try (DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(5000);
      for (int id = 1; id <= 64; id++) {
        Message query = query(LISTED, "A");
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        client.send(
            new DatagramPacket(
                wire, wire.length, InetAddress.getLoopbackAddress(), backlogged.port()));
      }
      queued.countDown();

      Set<Integer> ids = new TreeSet<>();
      for (int i = 0; i < 64; i++) {
        DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
        client.receive(reply);
        Message answer = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
        assertThat(answers(answer)).isEqualTo("127.0.0.2");
        ids.add(answer.getHeader().getID());
      }
      assertThat(ids).hasSize(64).first().isEqualTo(1);
      assertThat(ids).last().isEqualTo(64);
    } finally {
      backlogged.stop();
    }
  }

  // ---- helpers ----

  /** Native UDP I/O is built for Linux, and must load there; elsewhere its tests are skipped. */
  private static void assumeAvailable(String udpIo) {
    if (udpIo.equals("native")) {
      assumeTrue(
          System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"),
          "native UDP I/O is built for Linux only");
      assertThat(NativeUdp.unavailable()).as("native UDP library").isNull();
    }
  }

  private static SimpleResolver resolver(boolean tcp) {
    SimpleResolver resolver =
        new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(5));
    return resolver;
  }

  static byte[] udp(byte[] query) throws IOException {
    return udp(query, server.port());
  }

  static byte[] udp(byte[] query, int port) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(5000);
      socket.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
      DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
      socket.receive(reply);
      return java.util.Arrays.copyOf(reply.getData(), reply.getLength());
    }
  }

  private static Socket tcpSocket() throws IOException {
    return tcpSocket(server.port());
  }

  static Socket tcpSocket(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(5000);
    return socket;
  }

  static Message tcpQuery(Socket socket, String name) throws IOException {
    byte[] wire = query(name, "A").toWire();
    OutputStream out = socket.getOutputStream();
    out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
    out.write(wire);
    out.flush();
    return readFrame(new DataInputStream(socket.getInputStream()));
  }

  static Message readFrame(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] answer = new byte[length];
    in.readFully(answer);
    return new Message(answer);
  }

  /** The next byte, or -1 when the peer closed or reset the connection. */
  private static int readOrReset(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException reset) {
      return -1;
    }
  }
}
