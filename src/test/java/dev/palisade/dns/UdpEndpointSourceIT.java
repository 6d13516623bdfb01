package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both UDP endpoints name each datagram's sender as rate limiting needs it: 16 bytes, IPv4
 * IPv4-mapped, also when an IPv4 client reaches a socket listening on {@code ::}.
 */
@Timeout(30)
class UdpEndpointSourceIT {

  @ParameterizedTest(name = "{0}: server {1}, clients {2} and {3}")
  @CsvSource({
    "nio, 127.0.0.1, 127.0.0.2, 127.0.0.3",
    "native, 127.0.0.1, 127.0.0.2, 127.0.0.3",
    "nio, ::1, ::1, ::1",
    "native, ::1, ::1, ::1",
    "nio, ::, 127.0.0.2, ::1",
    "native, ::, 127.0.0.2, ::1",
  })
  void namesEverySenderAsSixteenBytes(String io, String listen, String first, String second)
      throws Exception {
    assumeTrue(
        !"native".equals(io) || NativeUdp.unavailable() == null,
        () -> "native UDP unavailable: " + NativeUdp.unavailable());
    InetAddress address = InetAddress.getByName(listen);
    int port;
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      assumeTrue(false, "cannot listen on " + listen + " here: " + e.getMessage());
      return;
    }
    UdpEndpoint endpoint = UdpEndpoints.choose(io).bind(address, port, 1).get(0);
    InetAddress target = address.isAnyLocalAddress() ? InetAddress.getByName("127.0.0.1") : address;
    List<String> clients = List.of(first, second, first);
    List<String> seen = new ArrayList<>();
    try {
      for (int i = 0; i < clients.size(); i++) {
        InetAddress from = InetAddress.getByName(clients.get(i));
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(from, 0))) {
          InetAddress to = from.getAddress().length == 16 ? InetAddress.getByName("::1") : target;
          byte[] datagram = new byte[20];
          client.send(new DatagramPacket(datagram, datagram.length, to, port));
          int count = endpoint.receive();
          byte[] source = new byte[16];
          for (int d = 0; d < count; d++) {
            endpoint.source(d, source);
            seen.add(InetAddress.getByAddress(source).getHostAddress());
          }
          endpoint.send();
        }
      }
    } finally {
      endpoint.close();
    }

    // InetAddress turns IPv4-mapped bytes back into the IPv4 address, so this reads as the clients.
    assertThat(seen).containsExactlyElementsOf(clients.stream().map(c -> canonical(c)).toList());
  }

  private static String canonical(String address) {
    try {
      return InetAddress.getByName(address).getHostAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException(address, e);
    }
  }
}
