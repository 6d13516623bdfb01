package dev.palisade.dns;

import static dev.palisade.dns.DnsTestSupport.answers;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Message;

/**
 * A slowloris over DNS TCP from one source (127.0.0.2): 140 connections, each announcing a message
 * and then sending one byte a second, never finishing it — more connections than the server has
 * slots. The defaults must keep a query from another source (127.0.0.3) answered and close the slow
 * connections (RFC 7766 §6.2.2, §6.2.3, §10). Bounds are generous: outcomes are asserted, not
 * timing.
 */
@Timeout(120)
class TcpSlowlorisIT {

  private static final String LISTED = "3.2.0.192.demo.bl.rbl.palisade.test";

  /** A name whose TXT answer is about a kilobyte. */
  private static final String LONG_TXT = "5.113.0.203.demo.bl.rbl.palisade.test";

  private static final int SLOW_CONNECTIONS = 140;

  private DnsServer server;
  private final List<Socket> slow = new ArrayList<>();

  @BeforeEach
  void start() {
    server = DnsServerIT.startServer(DnsSettings.defaults().withListener("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    slow.forEach(TcpSlowlorisIT::closeQuietly);
    server.stop();
  }

  @Test
  void oneSlowSourceNeitherStarvesAnotherNorKeepsItsConnections() throws Exception {
    for (int i = 0; i < SLOW_CONNECTIONS; i++) {
      Socket socket = connectFrom("127.0.0.2");
      // A 255-byte message is announced; its bytes come one by one.
      socket.getOutputStream().write(new byte[] {0, (byte) 255});
      slow.add(socket);
    }
    trickle(); // every slow connection is being served, or was refused, before the real client

    Message answer = queryFrom("127.0.0.3", 5_000);

    assertThat(answer).as("a TCP query from another source is answered").isNotNull();
    assertThat(answers(answer)).isEqualTo("127.0.0.2");

    long deadline = System.nanoTime() + 40_000_000_000L;
    int open = SLOW_CONNECTIONS;
    while (open > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      open = trickle();
    }
    assertThat(open).as("slow connections the server still keeps open").isZero();
    TcpCounters counters = server.tcpCounters();
    int share = DnsSettings.defaults().tcpMaxPerSource();
    assertThat(counters.refusedPerSource())
        .as("connections over the source's share")
        .isEqualTo(SLOW_CONNECTIONS - share);
    assertThat(counters.closedSlow()).as("admitted slow connections closed").isEqualTo(share);
    assertThat(counters.refusedFull()).isZero();
  }

  /**
   * A client that pipelines queries and never reads the answers: once the socket buffers are full
   * the server cannot write, and must close the connection rather than wait for ever.
   */
  @Test
  void aClientThatNeverReadsItsAnswersIsClosed() throws Exception {
    Socket socket = new Socket();
    slow.add(socket);
    socket.setReceiveBufferSize(4096);
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.4"), 0));
    socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()));
    byte[] wire = DnsTestSupport.query(LONG_TXT, "TXT").toWire();
    byte[] frame = new byte[2 + wire.length];
    frame[0] = (byte) (wire.length >>> 8);
    frame[1] = (byte) wire.length;
    System.arraycopy(wire, 0, frame, 2, wire.length);
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 50_000; i++) {
                  socket.getOutputStream().write(frame);
                }
              } catch (IOException closedByServer) {
                // what the server should do
              }
            });
    writer.setDaemon(true);
    writer.start();

    long deadline = System.nanoTime() + 40_000_000_000L;
    while (server.tcpCounters().closedUnread() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }

    assertThat(server.tcpCounters().closedUnread()).as("connections closed unread").isEqualTo(1);
    writer.join(10_000);
    assertThat(writer.isAlive()).as("the client's writes fail once closed").isFalse();
  }

  /**
   * Sends one more byte on every slow connection the server has not closed; returns how many it
   * still keeps open. A closed connection reads end-of-stream or fails to write.
   */
  private int trickle() throws IOException {
    int open = 0;
    for (Socket socket : slow) {
      if (socket.isClosed()) {
        continue;
      }
      try {
        socket.setSoTimeout(1);
        if (socket.getInputStream().read() < 0) {
          socket.close();
          continue;
        }
      } catch (SocketTimeoutException stillOpen) {
        // nothing to read: the server keeps waiting for the message
      } catch (IOException reset) {
        socket.close();
        continue;
      }
      try {
        socket.getOutputStream().write('x');
        open++;
      } catch (IOException closedByServer) {
        socket.close();
      }
    }
    return open;
  }

  /**
   * Asks for the listed name over a new connection from {@code source}, retrying until an answer
   * comes or {@code withinMillis} pass; null when none came.
   */
  private Message queryFrom(String source, long withinMillis) throws InterruptedException {
    long deadline = System.nanoTime() + withinMillis * 1_000_000;
    while (System.nanoTime() < deadline) {
      try (Socket socket = connectFrom(source)) {
        return DnsServerIT.tcpQuery(socket, LISTED);
      } catch (IOException refused) {
        Thread.sleep(100);
      }
    }
    return null;
  }

  private Socket connectFrom(String source) throws IOException {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()));
      socket.setSoTimeout(5000);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing
    }
  }
}
