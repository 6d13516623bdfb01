package dev.palisade.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, from {@code palisade.dns.udp-io}, which {@link UdpEndpoint} the DNS server's UDP sockets
 * are, and opens them: {@code native} ({@link NativeUdpEndpoint}, batched system calls, Linux),
 * {@code nio} ({@link NioUdpEndpoint}, portable), or {@code auto}, native when its library loads
 * and nio otherwise. Says which, and why, in one INFO line, so an operator comparing throughput
 * knows what ran.
 */
final class UdpEndpoints {

  private static final Logger log = LoggerFactory.getLogger(UdpEndpoints.class);

  private final boolean nativeIo;

  private UdpEndpoints(boolean nativeIo) {
    this.nativeIo = nativeIo;
  }

  /**
   * Chooses for a setting checked by {@link DnsSettings}.
   *
   * @throws IllegalStateException when {@code native} is asked for and cannot be loaded
   */
  static UdpEndpoints choose(String udpIo) {
    return choose(udpIo, NativeUdp::unavailable);
  }

  /**
   * Chooses as {@link #choose(String)} does.
   *
   * @param unavailableReason why the native library is not loaded, or null; asked only when needed,
   *     so {@code nio} never loads it
   */
  static UdpEndpoints choose(String udpIo, Supplier<String> unavailableReason) {
    String unavailable = "nio".equals(udpIo) ? null : unavailableReason.get();
    switch (udpIo) {
      case "nio":
        log.info("UDP I/O: nio (DatagramChannel), as palisade.dns.udp-io=nio asks");
        return new UdpEndpoints(false);
      case "native":
        if (unavailable != null) {
          throw new IllegalStateException(
              "palisade.dns.udp-io=native, but the native UDP library is not available: "
                  + unavailable
                  + "; set palisade.dns.udp-io to auto or nio to use the portable path");
        }
        log.info(
            "UDP I/O: native (recvmmsg/sendmmsg, up to {} datagrams per call)",
            NativeUdpEndpoint.BATCH);
        return new UdpEndpoints(true);
      default:
        if (unavailable != null) {
          log.info(
              "UDP I/O: nio (DatagramChannel), the native library is unavailable: {}", unavailable);
          return new UdpEndpoints(false);
        }
        log.info(
            "UDP I/O: native (recvmmsg/sendmmsg, up to {} datagrams per call; palisade.dns.udp-io=auto)",
            NativeUdpEndpoint.BATCH);
        return new UdpEndpoints(true);
    }
  }

  /** True when the sockets are {@link NativeUdpEndpoint}s. */
  boolean isNative() {
    return nativeIo;
  }

  /**
   * Opens {@code count} endpoints on one address and port, or fewer where the system cannot share a
   * port (see {@link NioUdpEndpoint#bind}); all or none.
   */
  List<UdpEndpoint> bind(InetAddress address, int port, int count) throws IOException {
    return nativeIo
        ? NativeUdpEndpoint.bind(address, port, count)
        : NioUdpEndpoint.bind(address, port, count);
  }
}
