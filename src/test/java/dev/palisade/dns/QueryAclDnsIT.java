package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.palisade.support.Dig;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Query ACLs over real sockets, with both ways of reading UDP: zone {@code demo} allows 127.0.0.2
 * only; zone {@code acme-mx1} has no ACL and follows the operator's default, 127.0.0.3. Clients are
 * told apart by the loopback address they send from.
 */
@Timeout(60)
class QueryAclDnsIT {

  private static final String DEMO = ".demo.bl.rbl.palisade.test";
  private static final String MX = ".acme-mx1.bl.rbl.palisade.test";

  @ParameterizedTest(name = "udp-io={0}")
  @ValueSource(strings = {"native", "nio"})
  void answersAllowedClientsAndRefusesOthersOverUdpAndTcp(String udpIo) {
    assumeTrue(
        !udpIo.equals("native") || NativeUdp.unavailable() == null, "native UDP I/O not loaded");
    FakeIndex index = FakeIndex.standard();
    index.zone("demo", 42).block("192.0.2.0/24", "127.0.0.2", "Listed $").allowQuery("127.0.0.2");
    DnsSettings settings =
        DnsSettings.defaults()
            .withListener("127.0.0.1", 0)
            .withUdpIo(udpIo)
            .withAllowQuery(List.of("127.0.0.3/32"));
    DnsServer server = new DnsServer(settings, new QueryHandler(settings, () -> index));
    server.start();
    try {
      Dig dig = new Dig(server.port());
      Dig two = dig.from("127.0.0.2");
      Dig three = dig.from("127.0.0.3");

      for (boolean tcp : new boolean[] {false, true}) {
        assertThat(Dig.addresses(ask(two, "9.2.0.192" + DEMO, tcp))).containsExactly("127.0.0.2");
        assertThat(Dig.addresses(ask(two, "2.0.0.127" + DEMO, tcp))).containsExactly("127.0.0.2");
        assertRefused(ask(three, "9.2.0.192" + DEMO, tcp));
        assertRefused(ask(three, "2.0.0.127" + DEMO, tcp)); // the RFC 5782 test point too
        assertRefused(ask(three, DEMO.substring(1), tcp)); // and the zone's apex
        // No ACL of its own: the operator's default decides.
        assertThat(Dig.addresses(ask(three, "2.0.0.127" + MX, tcp))).containsExactly("127.0.0.2");
        assertRefused(ask(two, "2.0.0.127" + MX, tcp));
        // The base zone answers everyone, or resolvers could not find the zones.
        assertThat(Dig.rcode(ask(two, "rbl.palisade.test", tcp))).isEqualTo("NOERROR");
      }
    } finally {
      server.stop();
    }
  }

  private static Message ask(Dig dig, String name, boolean tcp) {
    return tcp ? dig.tcp(name, Type.A) : dig.udp(name, Type.A);
  }

  private static void assertRefused(Message answer) {
    assertThat(Dig.rcode(answer)).as(answer.getQuestion().toString()).isEqualTo("REFUSED");
    assertThat(answer.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(Dig.addresses(answer)).isEmpty();
  }
}
