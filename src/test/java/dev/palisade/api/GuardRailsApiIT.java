package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.Dig;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * The REST API's guard rails on entries that change what mail servers see at one stroke: wide
 * entries need {@code confirmWide}, a mail server's own addresses are never blocked for it, RFC
 * 5782 test points and rbldnsd ranges are no entries, a URL or mail address is answered with what
 * to write instead, and lookups take what Postfix logs show.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardRailsApiIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final String BL = ".bl.rbl.palisade.test";
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;
  @Autowired JdbcTemplate jdbc;

  private ApiClient client;
  private String slug;
  private String entries;

  @BeforeEach
  void freshAccount() {
    slug = "guard" + ACCOUNTS.incrementAndGet();
    long id = accounts.createAccount(slug, null, ACTOR).getId();
    accounts.createServer(id, "mx1", ACTOR);
    client = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, id, true));
    entries = "/api/v1/accounts/" + slug + "/entries";
  }

  private Response block(String path, String value) {
    return client.put(path, Map.of("list", "block", "value", value));
  }

  @Test
  void wideEntriesNeedConfirmWideAndAnswerOnceConfirmed() {
    Dig dig = new Dig(dnsServer.port());
    Response everything = block(entries, "0.0.0.0/0");
    Response tld = client.post(entries, Map.of("list", "block", "value", ".com"));
    Response v6 = block(entries, "::/0");

    assertThat(everything.status()).as(everything.toString()).isEqualTo(400);
    assertThat(everything.contentType()).startsWith("application/problem+json");
    assertThat(everything.json().get("detail").asString())
        .contains("0.0.0.0/0 covers 4,294,967,296 IPv4 addresses", "\"confirmWide\": true");
    assertThat(tld.status()).isEqualTo(400);
    assertThat(tld.body()).contains("top-level name");
    assertThat(v6.status()).isEqualTo(400);
    assertThat(Dig.rcode(dig.udp("10.113.0.203." + slug + BL, Type.A))).isEqualTo("NXDOMAIN");

    Response confirmed =
        client.put(entries, Map.of("list", "block", "value", "10.0.0.0/8", "confirmWide", true));
    Response narrow = block(entries, "198.51.100.0/24");
    Response bulk =
        client.post(
            entries + "/bulk",
            Map.of(
                "entries",
                List.of(
                    Map.of("list", "block", "value", "192.0.2.1"),
                    Map.of("list", "block", "value", "localhost"))));

    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(201);
    assertThat(Dig.addresses(dig.udp("1.2.3.10." + slug + BL, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(narrow.status()).isEqualTo(201);
    assertThat(bulk.status()).isEqualTo(400);
    assertThat(bulk.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(bulk.body()).contains("localhost");
  }

  @Test
  void importsOfWideEntriesNeedConfirmWide() {
    Response refused =
        client.post(
            entries.replace("/entries", "/import?format=ip4set&list=block"),
            "0.0.0.0/1\n192.0.2.7\n");
    Response confirmed =
        client.post(
            entries.replace("/entries", "/import?format=ip4set&list=block&confirmWide=true"),
            "0.0.0.0/1\n192.0.2.7\n");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.body()).contains("confirmWide=true", "0.0.0.0/1");
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
  }

  @Test
  void aMailServersOwnAddressesAreNeverBlockedForIt() {
    String server = "/api/v1/accounts/" + slug + "/servers/mx1";
    block(server + "/entries", "203.0.113.0/24");

    Response blocked =
        client.put(server + "/own-addresses", Map.of("ownAddresses", List.of("203.0.113.25")));
    Response set =
        client.put(
            server + "/own-addresses",
            Map.of("ownAddresses", List.of("192.0.2.25", "2001:db8::25")));
    Response onServer = block(server + "/entries", "192.0.2.0/24");
    Response onAccount =
        client.put(entries, Map.of("list", "block", "value", "0.0.0.0/0", "confirmWide", true));
    Response v6 = block(entries, "2001:db8::/48");
    Response allowed =
        client.put(server + "/entries", Map.of("list", "allow", "value", "192.0.2.25"));

    assertThat(blocked.status()).as(blocked.toString()).isEqualTo(409);
    assertThat(blocked.body()).contains("203.0.113.0/24");
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().get("ownAddresses").toString()).contains("192.0.2.25", "2001:db8::25");
    assertThat(onServer.status()).isEqualTo(400);
    assertThat(onServer.body()).contains("192.0.2.25", "own address of mail server mx1");
    assertThat(onAccount.status()).isEqualTo(400);
    assertThat(v6.status()).isEqualTo(400);
    assertThat(allowed.status()).isEqualTo(201);
  }

  @Test
  void testPointsRangesUrlsAndMailAddressesAreNoEntries() {
    Response never = block(entries, "127.0.0.1");
    Response always = block(entries, "127.0.0.2");
    Response range = block(entries, "10.22.1-5");
    Response partial = block(entries, "10.22.1");
    Response url = block(entries, "https://spam.example/offer?x=1");
    Response mail = block(entries, "someone@spam.example");

    assertThat(never.status()).isEqualTo(400);
    assertThat(never.body()).contains("RFC 5782 test point", "never listed");
    assertThat(always.status()).isEqualTo(400);
    assertThat(range.status()).isEqualTo(400);
    assertThat(range.body()).contains("rbldnsd IPv4 range", "ip4set");
    assertThat(partial.body()).contains("10.22.1.0/24");
    assertThat(url.status()).isEqualTo(400);
    assertThat(url.body()).contains("is a URL", "spam.example").doesNotContain("IPv6");
    assertThat(mail.body()).contains("mail address", "enter spam.example");
  }

  @Test
  void reAddingAnExpiredValueSaysItIsExpiredAndPutRevivesIt() {
    client.put(entries, Map.of("list", "block", "value", "192.0.2.44", "ttl", 3600));
    jdbc.update(
        "update entry set expires_at = ? where entry_value = '192.0.2.44'",
        Timestamp.from(Instant.now().minusSeconds(60)));

    Response again = client.post(entries, Map.of("list", "block", "value", "192.0.2.44"));
    Response revived = block(entries, "192.0.2.44");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("expired at", "revives it");
    assertThat(revived.status()).isEqualTo(200);
    assertThat(Dig.addresses(new Dig(dnsServer.port()).udp("44.2.0.192." + slug + BL, Type.A)))
        .containsExactly("127.0.0.2");
  }

  @Test
  void lookupTakesWhatPostfixLogsShowAndTestPointsDecideThemselves() {
    block(entries, "192.0.2.10");
    client.put(entries, Map.of("list", "block", "value", ".spam.example"));
    client.post(entries.replace("/entries", "/import?format=ip4set&list=block"), "127.0.0.1\n");
    String lookup = "/api/v1/accounts/" + slug + "/lookup?q=";

    Response host = client.get(lookup + "mail.example.net%5B192.0.2.10%5D");
    Response sender = client.get(lookup + "from%3D%3Cjoe%40mail.spam.example%3E%2C");
    Response testPoint = client.get(lookup + "127.0.0.1");

    assertThat(host.status()).as(host.toString()).isEqualTo(200);
    assertThat(host.json().get("query").asString()).isEqualTo("192.0.2.10");
    assertThat(host.json().get("winner").get("entry").get("value").asString())
        .isEqualTo("192.0.2.10");
    assertThat(sender.json().get("query").asString()).isEqualTo("mail.spam.example");
    assertThat(sender.json().get("winner").get("entry").get("value").asString())
        .isEqualTo(".spam.example");
    assertThat(testPoint.json().get("answers").get("bl").get("rcode").asString())
        .isEqualTo("NXDOMAIN");
    assertThat(testPoint.json().get("winner").isNull()).isTrue();
    assertThat(testPoint.json().get("testPoint").asString()).contains("never listed");
    assertThat(testPoint.json().get("beaten").get(0).get("entry").get("value").asString())
        .isEqualTo("127.0.0.1");
  }
}
