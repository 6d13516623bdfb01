package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class TcpSourcesTest {

  private final TcpSources sources = new TcpSources(2);

  @Test
  void admitsEachIpv4AddressUpToItsShare() throws Exception {
    TcpSources.Source first = sources.admit(ip("192.0.2.1"));
    TcpSources.Source second = sources.admit(ip("192.0.2.1"));

    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    assertThat(sources.admit(ip("192.0.2.1"))).as("third from one address").isNull();
    assertThat(sources.admit(ip("192.0.2.2"))).as("the next address is another source").isNotNull();
    assertThat(sources.held(ip("192.0.2.1"))).isEqualTo(2);
  }

  @Test
  void countsAnIpv6Slash64AsOneSource() throws Exception {
    assertThat(sources.admit(ip("2001:db8:1:2::1"))).isNotNull();
    assertThat(sources.admit(ip("2001:db8:1:2:ffff::9"))).isNotNull();

    assertThat(sources.admit(ip("2001:db8:1:2::77"))).as("same /64").isNull();
    assertThat(sources.admit(ip("2001:db8:1:3::1"))).as("next /64").isNotNull();
  }

  @Test
  void countsAnIpv4MappedAddressAsItsIpv4Address() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(ip("198.51.100.7").getAddress(), 0, mapped, 12, 4);
    // Inet6Address.getByAddress keeps the IPv6 form that InetAddress.getByName would unmap.
    InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);

    assertThat(TcpSources.sourceOf(asIpv6)).isEqualTo(TcpSources.sourceOf(ip("198.51.100.7")));
  }

  @Test
  void releasingGivesTheShareBack() throws Exception {
    TcpSources.Source one = sources.admit(ip("192.0.2.1"));
    sources.admit(ip("192.0.2.1"));
    sources.release(one);

    assertThat(sources.held(ip("192.0.2.1"))).isEqualTo(1);
    assertThat(sources.admit(ip("192.0.2.1"))).isNotNull();
    sources.release(one);
    sources.release(one);
    assertThat(sources.held(ip("192.0.2.1"))).isZero();
  }

  private static InetAddress ip(String text) throws UnknownHostException {
    return InetAddress.getByName(text);
  }
}
