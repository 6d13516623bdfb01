package dev.palisade;

import static dev.palisade.support.Dig.addresses;
import static dev.palisade.support.Dig.rcode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.ListingSettings;
import dev.palisade.listing.Listings;
import dev.palisade.stats.ZoneCounters;
import dev.palisade.support.Dig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.xbill.DNS.Type;

/**
 * The process as {@code main} starts it: DNS in a parent context started first, the rest of the
 * application as its child, both answering; the child sharing the parent's beans instead of copying
 * them; and a child that cannot start taking DNS down with it.
 */
class PalisadeApplicationIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");

  @Test
  void answersDnsAndHttpAndAWriteIsAtOnceInDns() throws Exception {
    ConfigurableApplicationContext application =
        PalisadeApplication.start("--spring.profiles.active=test");
    DnsServer dns = application.getBean(DnsServer.class);
    try {
      Accounts accounts = application.getBean(Accounts.class);
      ScopeInfo scope = accounts.accountScope(accounts.createAccount("boot", null, ACTOR).getId());
      application
          .getBean(Listings.class)
          .upsert(
              scope.id(),
              List.of(
                  new EntryDraft(
                      ListKind.BLOCK, EntryValue.parse("192.0.2.0/24"), null, null, null)),
              EntrySource.API,
              ACTOR);

      Dig dig = new Dig(dns.port());
      var answer = dig.udp("7.2.0.192." + scope.label() + ".bl.rbl.palisade.test", Type.A);
      assertThat(rcode(answer)).isEqualTo("NOERROR");
      assertThat(addresses(answer)).containsExactly("127.0.0.2");

      int httpPort = ((WebServerApplicationContext) application).getWebServer().getPort();
      HttpResponse<String> login =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/login"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(200);
    } finally {
      application.close();
    }
    assertThat(dns.isRunning()).as("closing the application stops DNS").isFalse();
  }

  @Test
  void theApplicationUsesTheDnsContextsBeansInsteadOfCopies() {
    ConfigurableApplicationContext application =
        PalisadeApplication.start("--spring.profiles.active=test");
    try {
      ConfigurableApplicationContext dns = (ConfigurableApplicationContext) application.getParent();
      for (Class<?> shared :
          List.of(
              DataSource.class,
              Flyway.class,
              LiveIndex.class,
              ActiveEntries.class,
              DnsServer.class,
              DnsSettings.class,
              ListingSettings.class,
              ZoneCounters.class,
              Clock.class)) {
        assertThat(dns.getBeanNamesForType(shared)).as(shared.getSimpleName()).hasSize(1);
        assertThat(application.getBeanFactory().getBeanNamesForType(shared))
            .as("second copy of " + shared.getSimpleName())
            .isEmpty();
      }
      assertThat(dns.getBeanNamesForType(PlatformTransactionManager.class)).isEmpty();
      assertThat(application.getBeanNamesForType(PlatformTransactionManager.class)).hasSize(1);
    } finally {
      application.close();
    }
  }

  @Test
  void whenTheApplicationCannotStartDnsStopsToo() throws IOException {
    int dnsPort = freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  PalisadeApplication.start(
                      "--spring.profiles.active=test",
                      "--palisade.dns.port=" + dnsPort,
                      "--server.address=127.0.0.1",
                      "--server.port=" + taken.getLocalPort()))
          .isNotNull();
    }
    // Both DNS sockets were closed: the port can be bound again.
    try (ServerSocket tcp = new ServerSocket();
        DatagramSocket udp = new DatagramSocket(null)) {
      tcp.bind(new InetSocketAddress("127.0.0.1", dnsPort));
      udp.bind(new InetSocketAddress("127.0.0.1", dnsPort));
    }
  }

  /** A port free for both TCP and UDP on 127.0.0.1 right now. */
  private static int freePort() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          DatagramSocket udp =
              new DatagramSocket(new InetSocketAddress("127.0.0.1", tcp.getLocalPort()))) {
        return udp.getLocalPort();
      } catch (IOException e) {
        if (attempt > 20) {
          throw e;
        }
      }
    }
  }
}
