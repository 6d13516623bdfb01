package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.ApiTokens;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.Dig;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

/** Operators manage accounts and servers over HTTP; zones follow at once in DNS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AccountApiIT {

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired DnsServer dnsServer;

  private ApiClient operator;
  private Dig dig;

  @BeforeEach
  void setUp() {
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    dig = new Dig(dnsServer.port());
  }

  @Test
  void operatorCreatesAnAccountAndServerWhoseZonesAnswerAtOnce() {
    Response account =
        operator.post("/api/v1/accounts", Map.of("slug", "Acme", "name", "ACME Ltd"));
    Response server = operator.post("/api/v1/accounts/acme/servers", Map.of("name", "mx1"));

    assertThat(account.status()).isEqualTo(201);
    assertThat(account.header("Location")).isEqualTo("/api/v1/accounts/acme");
    assertThat(account.json().get("scope").get("zones").get("bl").asString())
        .isEqualTo("acme.bl.rbl.palisade.test");
    assertThat(server.status()).isEqualTo(201);
    assertThat(server.json().get("scope").get("zoneLabel").asString()).isEqualTo("acme-mx1");
    assertThat(Dig.addresses(dig.udp("2.0.0.127.acme-mx1.bl.rbl.palisade.test", Type.A)))
        .containsExactly("127.0.0.2");
    JsonNode shown = operator.get("/api/v1/accounts/acme").json();
    assertThat(shown.get("name").asString()).isEqualTo("ACME Ltd");
    assertThat(shown.get("servers").get(0).get("name").asString()).isEqualTo("mx1");
  }

  @Test
  void duplicatesAndBadNamesAreRefusedWithClearMessages() {
    operator.post("/api/v1/accounts", Map.of("slug", "dup"));

    Response duplicate = operator.post("/api/v1/accounts", Map.of("slug", "dup"));
    Response badSlug = operator.post("/api/v1/accounts", Map.of("slug", "no_underscores!"));
    Response missing = operator.post("/api/v1/accounts", Map.of("name", "nameless"));

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.body()).contains("account 'dup' already exists");
    assertThat(badSlug.status()).isEqualTo(400);
    assertThat(badSlug.body()).contains("may contain only letters, digits and hyphens");
    assertThat(missing.status()).isEqualTo(400);
  }

  @Test
  void randomZoneLabelHidesTheOldZones() {
    operator.post("/api/v1/accounts", Map.of("slug", "secret"));
    operator.put("/api/v1/accounts/secret/entries", Map.of("list", "block", "value", "192.0.2.8"));

    // No overlap: the old name stops answering at once (the default keeps it answering a while).
    Response relabelled = operator.post("/api/v1/accounts/secret/zone-label", Map.of("overlap", 0));

    String label = relabelled.json().get("zoneLabel").asString();
    assertThat(label).hasSize(26).matches("[a-z2-7]+");
    assertThat(Dig.rcode(dig.udp("8.2.0.192.secret.bl.rbl.palisade.test", Type.A)))
        .isEqualTo("NXDOMAIN");
    assertThat(Dig.addresses(dig.udp("8.2.0.192." + label + ".bl.rbl.palisade.test", Type.A)))
        .containsExactly("127.0.0.2");
  }

  @Test
  void renamingAndDeletingServersAndAccounts() {
    operator.post("/api/v1/accounts", Map.of("slug", "gone"));
    operator.post("/api/v1/accounts/gone/servers", Map.of("name", "mx1"));

    Response renamed = operator.patch("/api/v1/accounts/gone/servers/mx1", Map.of("name", "edge"));

    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().get("scope").get("zoneLabel").asString()).isEqualTo("gone-mx1");
    assertThat(operator.delete("/api/v1/accounts/gone/servers/edge").status()).isEqualTo(204);
    assertThat(Dig.rcode(dig.udp("2.0.0.127.gone-mx1.bl.rbl.palisade.test", Type.A)))
        .isEqualTo("NXDOMAIN");
    assertThat(operator.delete("/api/v1/accounts/gone").status()).isEqualTo(204);
    assertThat(operator.get("/api/v1/accounts/gone").status()).isEqualTo(404);
    assertThat(Dig.rcode(dig.udp("2.0.0.127.gone.bl.rbl.palisade.test", Type.A)))
        .isEqualTo("NXDOMAIN");
  }
}
