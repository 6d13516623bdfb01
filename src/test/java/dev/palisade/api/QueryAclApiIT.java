package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.Dig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

/**
 * An account's admin restricts who may query its zones (per account, per mail server) over HTTP;
 * DNS answers the allowed clients and REFUSES the others at once, over UDP and TCP. The clients are
 * told apart by their loopback source address: 127.0.0.2 and 127.0.0.3.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class QueryAclApiIT {

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final String BASE = ".bl.rbl.palisade.test";

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;

  private ApiClient operator;
  private ApiClient admin;
  private Dig two;
  private Dig three;
  private String slug;
  private long accountId;

  @BeforeEach
  void setUp() {
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    slug = "acl" + ACCOUNTS.incrementAndGet();
    operator.post("/api/v1/accounts", Map.of("slug", slug));
    operator.post("/api/v1/accounts/" + slug + "/servers", Map.of("name", "mx1"));
    accountId = accounts.accountBySlug(slug).getId();
    admin = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, accountId, true));
    Dig dig = new Dig(dnsServer.port());
    two = dig.from("127.0.0.2");
    three = dig.from("127.0.0.3");
  }

  @Test
  void everyoneMayQueryUntilAnAclIsSet() {
    JsonNode acl = admin.get(aclPath(null)).json();

    assertThat(acl.get("allowQuery").isNull()).isTrue();
    assertThat(acl.get("everyone").asBoolean()).isTrue();
    assertThat(acl.get("from").asString()).isEqualTo("settings");
    assertAnswered(three, slug);
  }

  @Test
  void theAccountAclAllowsItsNetworksAndRefusesOthersInEveryZoneOfTheAccount() {
    Response set = admin.put(aclPath(null), Map.of("allowQuery", List.of("127.0.0.2/32")));

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("allowQuery").get(0).asString()).isEqualTo("127.0.0.2");
    assertThat(set.json().get("from").asString()).isEqualTo("account");
    assertAnswered(two, slug);
    assertRefused(three, slug);
    // The server's zone has no ACL of its own: it inherits the account's.
    assertAnswered(two, slug + "-mx1");
    assertRefused(three, slug + "-mx1");
    JsonNode server = admin.get(aclPath("mx1")).json();
    assertThat(server.get("allowQuery").isNull()).isTrue();
    assertThat(server.get("from").asString()).isEqualTo("account");
    assertThat(server.get("effective").get(0).asString()).isEqualTo("127.0.0.2");
  }

  @Test
  void aServerAclOverridesTheAccountsAndRemovingItInheritsAgain() {
    admin.put(aclPath(null), Map.of("allowQuery", List.of("127.0.0.2")));

    Response set =
        admin.put(aclPath("mx1"), Map.of("allowQuery", List.of("127.0.0.3", "2001:db8::/48")));

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("from").asString()).isEqualTo("server");
    assertAnswered(three, slug + "-mx1");
    assertRefused(two, slug + "-mx1");
    assertAnswered(two, slug);
    assertRefused(three, slug);

    assertThat(admin.delete(aclPath("mx1")).status()).isEqualTo(204);
    assertRefused(three, slug + "-mx1");
    assertAnswered(two, slug + "-mx1");

    assertThat(admin.delete(aclPath(null)).status()).isEqualTo(204);
    assertAnswered(three, slug + "-mx1");
    assertAnswered(three, slug);
    String audit = operator.get("/api/v1/accounts/" + slug + "/audit").body();
    assertThat(audit)
        .contains("query ACL set to 127.0.0.3, 2001:db8::/48 (was: inherited)")
        .contains("query ACL removed (was: 127.0.0.3, 2001:db8::/48)")
        .contains("query ACL removed (was: 127.0.0.2)");
  }

  @Test
  void badNetworksAreRefusedNamingTheValueAndChangeNothing() {
    admin.put(aclPath(null), Map.of("allowQuery", List.of("127.0.0.2")));

    Response hostBits = admin.put(aclPath(null), Map.of("allowQuery", List.of("192.0.2.1/24")));
    Response domain =
        admin.put(aclPath(null), Map.of("allowQuery", List.of("127.0.0.3", "mail.example")));
    Response empty = admin.put(aclPath(null), Map.of("allowQuery", List.of()));
    Response missing = admin.put(aclPath(null), Map.of());

    assertThat(hostBits.status()).isEqualTo(400);
    assertThat(hostBits.body()).contains("192.0.2.1/24").contains("192.0.2.0/24");
    assertThat(domain.status()).isEqualTo(400);
    assertThat(domain.body()).contains("mail.example");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(admin.get(aclPath(null)).json().get("allowQuery").get(0).asString())
        .isEqualTo("127.0.0.2");
    assertAnswered(two, slug);
    assertRefused(three, slug);
  }

  @Test
  void onlyTheAccountsWritersChangeItsAcl() {
    long serverId = accounts.serverByName(accountId, "mx1").getId();
    ApiClient readOnly =
        ApiClient.on(port).withToken(ApiClient.accountToken(tokens, accountId, false));
    ApiClient serverBound =
        ApiClient.on(port).withToken(ApiClient.serverToken(tokens, accountId, serverId, true));
    operator.post("/api/v1/accounts", Map.of("slug", slug + "x"));
    ApiClient stranger =
        ApiClient.on(port)
            .withToken(
                ApiClient.accountToken(tokens, accounts.accountBySlug(slug + "x").getId(), true));
    Map<String, List<String>> body = Map.of("allowQuery", List.of("127.0.0.2"));

    assertThat(readOnly.put(aclPath(null), body).status()).isEqualTo(403);
    assertThat(serverBound.put(aclPath("mx1"), body).status()).isEqualTo(403);
    assertThat(stranger.put(aclPath(null), body).status()).isEqualTo(404);
    assertThat(stranger.get(aclPath(null)).status()).isEqualTo(404);
    assertThat(readOnly.get(aclPath(null)).status()).isEqualTo(200);
    assertAnswered(three, slug);
  }

  private String aclPath(String server) {
    return "/api/v1/accounts/" + slug + (server == null ? "" : "/servers/" + server) + "/query-acl";
  }

  /** The RFC 5782 test point answers the client, over UDP and over TCP. */
  private static void assertAnswered(Dig client, String label) {
    String name = "2.0.0.127." + label + BASE;
    for (Message answer : List.of(client.udp(name, Type.A), client.tcp(name, Type.A))) {
      assertThat(Dig.rcode(answer)).as(name).isEqualTo("NOERROR");
      assertThat(Dig.addresses(answer)).containsExactly("127.0.0.2");
    }
  }

  /** Every name of the zone, test points included, is REFUSED to the client, over UDP and TCP. */
  private static void assertRefused(Dig client, String label) {
    for (String name :
        List.of("2.0.0.127." + label + BASE, "9.2.0.192." + label + BASE, label + BASE)) {
      for (Message answer : List.of(client.udp(name, Type.A), client.tcp(name, Type.A))) {
        assertThat(Dig.rcode(answer)).as(name).isEqualTo("REFUSED");
        assertThat(Dig.addresses(answer)).isEmpty();
      }
    }
  }
}
