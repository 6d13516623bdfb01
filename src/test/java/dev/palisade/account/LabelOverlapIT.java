package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.Dig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * A relabelled scope's old label keeps answering, over real DNS, exactly as the new one does until
 * its overlap ends — at its time, early on request, or at once when asked — and then answers
 * NXDOMAIN, staying reserved to its owner.
 */
// The scheduled end of overlaps stays out of the way: the test ends them itself.
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.labels.overlap-check=1h")
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelOverlapIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final String BL = ".bl.rbl.palisade.test";
  private static final String DBL = ".dbl.rbl.palisade.test";
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired LabelOverlaps overlaps;
  @Autowired DnsServer dnsServer;
  @Autowired JdbcTemplate jdbc;

  private Dig dig;

  @BeforeAll
  void dns() {
    dig = new Dig(dnsServer.port());
  }

  /** A fresh account with a server mx1, both with entries; returns its write client. */
  private ApiClient account(String slug) {
    long id = accounts.createAccount(slug, null, ACTOR).getId();
    accounts.createServer(id, "mx1", ACTOR);
    ApiClient client = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, id, true));
    client.put(
        "/api/v1/accounts/" + slug + "/servers/mx1/entries",
        Map.of("list", "block", "value", "192.0.2.9", "reason", "Server block of $"));
    client.put(
        "/api/v1/accounts/" + slug + "/entries",
        Map.of("list", "block", "value", ".spam.example", "reason", "Account block of $"));
    return client;
  }

  /** What DNS answers for a name: rcode, A and TXT. */
  private String answer(String name) {
    return Dig.rcode(dig.udp(name, Type.A))
        + " "
        + Dig.addresses(dig.udp(name, Type.A))
        + " "
        + Dig.texts(dig.udp(name, Type.TXT));
  }

  @Test
  void theOldLabelAnswersLikeTheNewOneUntilItsOverlapEndsThenNxdomain() {
    String slug = "ov" + ACCOUNTS.incrementAndGet();
    ApiClient client = account(slug);
    String old = slug + "-mx1";

    Response relabelled =
        client.post(
            "/api/v1/accounts/" + slug + "/servers/mx1/zone-label",
            Map.of("label", slug + "-edge"));

    assertThat(relabelled.status()).as(relabelled.toString()).isEqualTo(200);
    assertThat(relabelled.json().get("formerLabels").get(0).get("zoneLabel").asString())
        .isEqualTo(old);
    Instant until =
        Instant.parse(relabelled.json().get("formerLabels").get(0).get("answersUntil").asString());
    assertThat(until).isAfter(Instant.now().plus(Duration.ofDays(6)));
    String[] names = {
      "9.2.0.192.%s" + BL, "2.0.0.127.%s" + BL, "1.0.0.127.%s" + BL, "x.spam.example.%s" + DBL
    };
    for (String name : names) {
      assertThat(answer(name.formatted(old)))
          .as(name)
          .isEqualTo(answer(name.formatted(slug + "-edge")));
    }
    assertThat(answer("9.2.0.192." + old + BL)).contains("127.0.0.2", "Server block of 192.0.2.9");
    // A change made during the overlap answers under both labels.
    client.put(
        "/api/v1/accounts/" + slug + "/servers/mx1/entries",
        Map.of("list", "block", "value", "198.51.100.7"));
    assertThat(answer("7.100.51.198." + old + BL)).startsWith("NOERROR [127.0.0.2]");

    jdbc.update(
        "update retired_zone_label set answers_until = ? where zone_label = ?",
        java.sql.Timestamp.from(Instant.now().minusSeconds(1)),
        old);
    int ended = overlaps.endDue();

    assertThat(ended).isEqualTo(1);
    assertThat(answer("9.2.0.192." + old + BL)).startsWith("NXDOMAIN");
    assertThat(answer("2.0.0.127." + old + BL)).startsWith("NXDOMAIN");
    assertThat(answer("9.2.0.192." + slug + "-edge" + BL)).startsWith("NOERROR [127.0.0.2]");
    assertThat(client.get("/api/v1/accounts/" + slug + "/servers/mx1").json().toString())
        .doesNotContain("formerLabels\":[{");
    // Still the account's own: it may take it back, and nobody else may.
    assertThat(
            client
                .post("/api/v1/accounts/" + slug + "/servers/mx1/zone-label", Map.of("label", old))
                .status())
        .isEqualTo(200);
  }

  @Test
  void anOverlapEndedEarlyStopsTheOldLabelAtOnce() {
    String slug = "ov" + ACCOUNTS.incrementAndGet();
    ApiClient client = account(slug);
    String old = slug;
    Response relabelled = client.post("/api/v1/accounts/" + slug + "/zone-label", null);
    String random = relabelled.json().get("zoneLabel").asString();
    assertThat(answer("x.spam.example." + old + DBL)).startsWith("NOERROR [127.0.0.2]");

    Response ended = client.delete("/api/v1/accounts/" + slug + "/former-labels/" + old);
    Response again = client.delete("/api/v1/accounts/" + slug + "/former-labels/" + old);

    assertThat(ended.status()).as(ended.toString()).isEqualTo(204);
    assertThat(again.status()).isEqualTo(404);
    assertThat(answer("x.spam.example." + old + DBL)).startsWith("NXDOMAIN");
    assertThat(answer("x.spam.example." + random + DBL)).startsWith("NOERROR [127.0.0.2]");
    assertThat(client.get("/api/v1/accounts/" + slug + "/audit?q=overlap").body())
        .contains("stopped answering");
  }

  @Test
  void anOverlapOfZeroStopsTheOldLabelAtOnceAndANegativeOneIsRefused() {
    String slug = "ov" + ACCOUNTS.incrementAndGet();
    ApiClient client = account(slug);

    Response negative =
        client.post("/api/v1/accounts/" + slug + "/servers/mx1/zone-label", Map.of("overlap", -1));
    Response relabelled =
        client.post("/api/v1/accounts/" + slug + "/servers/mx1/zone-label", Map.of("overlap", 0));

    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.body()).contains("overlap");
    assertThat(relabelled.status()).isEqualTo(200);
    assertThat(relabelled.json().get("formerLabels").isEmpty()).isTrue();
    assertThat(answer("9.2.0.192." + slug + "-mx1" + BL)).startsWith("NXDOMAIN");
  }
}
