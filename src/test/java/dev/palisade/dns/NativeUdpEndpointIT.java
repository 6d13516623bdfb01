package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link NativeUdpEndpoint} over real sockets: batches, senders, oversized datagrams, closing. Runs
 * on Linux, where the build puts the library in place, and fails there when it does not load.
 */
@Timeout(30)
class NativeUdpEndpointIT {

  private final byte[] query = new byte[QueryHandler.MAX_TCP_MESSAGE];

  @BeforeEach
  void nativeLibraryLoads() {
    assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"),
        "the native UDP library is built for Linux only");
    assertThat(NativeUdp.unavailable()).as("native UDP library").isNull();
  }

  @Test
  void takesAQueuedBacklogInOneCallAndAnswersEverySender() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    int port = freePort(loopback);
    UdpEndpoint endpoint = NativeUdpEndpoint.bind(loopback, port, 1).get(0);
    try (DatagramSocket a = client();
        DatagramSocket b = client()) {
      InetSocketAddress server = new InetSocketAddress(loopback, port);
      int sent = NativeUdpEndpoint.BATCH + 8;
      for (int id = 0; id < sent; id++) {
        send(id % 2 == 0 ? a : b, datagram(id, 40), server);
      }

      int first = endpoint.receive();
      assertThat(first).as("one call takes a full batch").isEqualTo(NativeUdpEndpoint.BATCH);
      echo(endpoint, first);
      int second = 0;
      while (first + second < sent) {
        second += echo(endpoint, endpoint.receive());
      }

      assertThat(first + second).isEqualTo(sent);
      assertThat(idsReceived(a, sent / 2)).containsExactlyElementsOf(evenOrOdd(sent, 0));
      assertThat(idsReceived(b, sent / 2)).containsExactlyElementsOf(evenOrOdd(sent, 1));
    } finally {
      endpoint.close();
    }
  }

  @Test
  void dropsAnOversizedDatagramAndAnswersTheRestOfItsBatch() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    int port = freePort(loopback);
    UdpEndpoint endpoint = NativeUdpEndpoint.bind(loopback, port, 1).get(0);
    try (DatagramSocket client = client()) {
      InetSocketAddress server = new InetSocketAddress(loopback, port);
      send(client, datagram(1, 40), server);
      send(client, datagram(2, NativeUdpEndpoint.QUERY_SLOT + 1000), server);
      send(client, datagram(3, NativeUdpEndpoint.QUERY_SLOT), server);

      int count = endpoint.receive();
      assertThat(count).isEqualTo(3);
      assertThat(endpoint.query(1, query)).as("oversized").isEqualTo(-1);
      assertThat(endpoint.query(2, query)).isEqualTo(NativeUdpEndpoint.QUERY_SLOT);
      echo(endpoint, count);

      assertThat(idsReceived(client, 2)).containsExactly(1, 3);
    } finally {
      endpoint.close();
    }
  }

  @Test
  void servesIpv6() throws Exception {
    InetAddress loopback = InetAddress.getByName("::1");
    int port;
    try {
      port = freePort(loopback);
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
      return;
    }
    UdpEndpoint endpoint = NativeUdpEndpoint.bind(loopback, port, 1).get(0);
    try (DatagramSocket client = client()) {
      send(client, datagram(7, 40), new InetSocketAddress(loopback, port));
      echo(endpoint, endpoint.receive());
      assertThat(idsReceived(client, 1)).containsExactly(7);
    } finally {
      endpoint.close();
    }
  }

  @Test
  void namesTheSenderOfEachDatagramOfABatch() throws Exception {
    for (String address : new String[] {"127.0.0.1", "::1"}) {
      InetAddress loopback = InetAddress.getByName(address);
      int port;
      try {
        port = freePort(loopback);
      } catch (IOException e) {
        continue; // no IPv6 loopback here
      }
      UdpEndpoint endpoint = NativeUdpEndpoint.bind(loopback, port, 1).get(0);
      try (DatagramSocket client = client()) {
        send(client, datagram(1, 40), new InetSocketAddress(loopback, port));
        send(client, datagram(2, 40), new InetSocketAddress(loopback, port));
        int count = 0;
        while (count < 2) {
          int received = endpoint.receive();
          for (int i = 0; i < received; i++) {
            assertThat(endpoint.client(i)).isEqualTo(loopback);
          }
          count += received;
        }
      } finally {
        endpoint.close();
      }
      assertThat(endpoint.client(0)).as("a closed endpoint names nobody").isNull();
    }
  }

  @Test
  void closeWakesABlockedReceiveAndThenReleasesThePort() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    int port = freePort(loopback);
    UdpEndpoint endpoint = NativeUdpEndpoint.bind(loopback, port, 1).get(0);
    CompletableFuture<Integer> receiving =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return endpoint.receive();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200); // let it block
    assertThat(receiving).isNotDone();

    endpoint.close();

    receiving.get(2, TimeUnit.SECONDS);
    assertThatThrownBy(endpoint::receive).isInstanceOf(ClosedChannelException.class);
    try (DatagramSocket reuse = new DatagramSocket(new InetSocketAddress(loopback, port))) {
      assertThat(reuse.getLocalPort()).isEqualTo(port);
    }
    endpoint.close(); // twice is harmless
  }

  // ---- helpers ----

  /** Answers each datagram of the batch with itself; returns the batch size. */
  private int echo(UdpEndpoint endpoint, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      int length = endpoint.query(i, query);
      if (length >= 0) {
        endpoint.answer(i, query, Math.min(length, 12));
      }
    }
    endpoint.send();
    return count;
  }

  /** A datagram whose first two bytes are its id, then zeros. */
  private static byte[] datagram(int id, int length) {
    byte[] bytes = new byte[length];
    bytes[0] = (byte) (id >>> 8);
    bytes[1] = (byte) id;
    return bytes;
  }

  private static void send(DatagramSocket client, byte[] datagram, SocketAddress server)
      throws IOException {
    client.send(new DatagramPacket(datagram, datagram.length, server));
  }

  private static List<Integer> idsReceived(DatagramSocket client, int expected) throws IOException {
    List<Integer> ids = new ArrayList<>();
    Map<SocketAddress, Integer> senders = new HashMap<>();
    for (int i = 0; i < expected; i++) {
      DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
      client.receive(in);
      senders.merge(in.getSocketAddress(), 1, Integer::sum);
      assertThat(in.getLength()).isEqualTo(12);
      ids.add(((in.getData()[0] & 0xff) << 8) | (in.getData()[1] & 0xff));
    }
    assertThat(senders).as("every answer from the server's one port").hasSize(1);
    return ids;
  }

  private static List<Integer> evenOrOdd(int count, int parity) {
    List<Integer> ids = new ArrayList<>();
    for (int id = parity; id < count; id += 2) {
      ids.add(id);
    }
    return ids;
  }

  private static DatagramSocket client() throws IOException {
    DatagramSocket socket = new DatagramSocket();
    socket.setSoTimeout(5000);
    return socket;
  }

  private static int freePort(InetAddress address) throws IOException {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
      return probe.getLocalPort();
    }
  }
}
