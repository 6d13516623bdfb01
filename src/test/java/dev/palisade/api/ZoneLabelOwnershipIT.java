package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.Dig;
import java.util.Map;
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
 * Zone labels belong to their owner, over HTTP and real DNS: an account chooses labels only in its
 * own namespace ({@code <slug>} and {@code <slug>-…}) or takes a random one; a released label stays
 * reserved to its former owner, who may take it again, until an operator frees it; account slugs
 * never nest, so no label lies in two namespaces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZoneLabelOwnershipIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final String BL = ".bl.rbl.palisade.test";

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;
  @Autowired JdbcTemplate jdbc;

  private ApiClient bert;
  private ApiClient alma;
  private ApiClient operator;
  private Dig dig;

  @BeforeAll
  void twoTenants() {
    long bertId = accounts.createAccount("bert", null, ACTOR).getId();
    long almaId = accounts.createAccount("alma", null, ACTOR).getId();
    accounts.createServer(almaId, "mx1", ACTOR);
    bert = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, bertId, true));
    alma = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, almaId, true));
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    dig = new Dig(dnsServer.port());
  }

  @Test
  void aLabelItsOwnerRotatedAwayNeverServesAnotherTenant() {
    assertThat(bert.post("/api/v1/accounts/bert/servers", Map.of("name", "mx1")).status())
        .isEqualTo(201);
    // No overlap: the old label is released at once (during an overlap it answers bert's zones).
    Response rotated =
        bert.post("/api/v1/accounts/bert/servers/mx1/zone-label", Map.of("overlap", 0));
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);

    Response claimed =
        alma.post("/api/v1/accounts/alma/servers/mx1/zone-label", Map.of("label", "bert-mx1"));
    for (String half : new String[] {"0.0.0.0/1", "128.0.0.0/1"}) {
      alma.put(
          "/api/v1/accounts/alma/servers/mx1/entries",
          Map.of("list", "block", "value", half, "confirmWide", true));
    }

    assertThat(claimed.status()).as(claimed.toString()).isEqualTo(409);
    assertThat(claimed.body()).contains("not available").contains("alma-");
    assertThat(Dig.rcode(dig.udp("8.8.8.8.bert-mx1" + BL, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(alma.get("/api/v1/accounts/alma/servers/mx1").json().toString())
        .contains("alma-mx1");
  }

  @Test
  void labelsOfAnotherNamespaceCannotBeClaimedInAdvance() {
    Response server =
        alma.post("/api/v1/accounts/alma/servers/mx1/zone-label", Map.of("label", "bert-mx2"));
    Response account =
        alma.post("/api/v1/accounts/alma/servers/mx1/zone-label", Map.of("label", "dave"));

    assertThat(server.status()).isEqualTo(409);
    assertThat(account.status()).isEqualTo(409);
    Response bertsServer = bert.post("/api/v1/accounts/bert/servers", Map.of("name", "mx2"));
    assertThat(bertsServer.status()).as(bertsServer.toString()).isEqualTo(201);
    assertThat(bertsServer.json().get("scope").get("zoneLabel").asString()).isEqualTo("bert-mx2");
    Response dave = operator.post("/api/v1/accounts", Map.of("slug", "dave"));
    assertThat(dave.status()).as(dave.toString()).isEqualTo(201);
  }

  @Test
  void anAccountChoosesAnyFreeLabelOfItsOwnNamespace() {
    bert.post("/api/v1/accounts/bert/servers", Map.of("name", "mx3"));
    bert.put(
        "/api/v1/accounts/bert/servers/mx3/entries", Map.of("list", "block", "value", "192.0.2.3"));

    Response chosen =
        bert.post("/api/v1/accounts/bert/servers/mx3/zone-label", Map.of("label", "Bert-Edge"));

    assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
    assertThat(chosen.json().get("zoneLabel").asString()).isEqualTo("bert-edge");
    assertThat(Dig.addresses(dig.udp("3.2.0.192.bert-edge" + BL, Type.A)))
        .containsExactly("127.0.0.2");
    // The account's own label is its namespace too, but it is in use by the account scope.
    assertThat(
            bert.post("/api/v1/accounts/bert/servers/mx3/zone-label", Map.of("label", "bert"))
                .status())
        .isEqualTo(409);
  }

  @Test
  void aReleasedLabelIsReservedToItsFormerOwnerWhoMayTakeItAgain() {
    bert.post("/api/v1/accounts/bert/servers", Map.of("name", "mx4"));
    bert.put(
        "/api/v1/accounts/bert/servers/mx4/entries", Map.of("list", "block", "value", "192.0.2.4"));
    bert.post("/api/v1/accounts/bert/servers/mx4/zone-label", null);

    Response back =
        bert.post("/api/v1/accounts/bert/servers/mx4/zone-label", Map.of("label", "bert-mx4"));

    assertThat(back.status()).as(back.toString()).isEqualTo(200);
    assertThat(Dig.addresses(dig.udp("4.2.0.192.bert-mx4" + BL, Type.A)))
        .containsExactly("127.0.0.2");
    // Deleted and created again: the account's own reserved label comes back with the name.
    assertThat(bert.delete("/api/v1/accounts/bert/servers/mx4").status()).isEqualTo(204);
    Response again = bert.post("/api/v1/accounts/bert/servers", Map.of("name", "mx4"));
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(again.json().get("scope").get("zoneLabel").asString()).isEqualTo("bert-mx4");
  }

  @Test
  void operatorsSetAnyFreeLabelButNotOneReservedToAnotherAccount() {
    bert.post("/api/v1/accounts/bert/servers", Map.of("name", "mx5"));
    bert.post("/api/v1/accounts/bert/servers/mx5/zone-label", null);

    Response free =
        operator.post("/api/v1/accounts/alma/servers/mx1/zone-label", Map.of("label", "shared-1"));
    Response reserved =
        operator.post("/api/v1/accounts/alma/servers/mx1/zone-label", Map.of("label", "bert-mx5"));

    assertThat(free.status()).as(free.toString()).isEqualTo(200);
    assertThat(reserved.status()).as(reserved.toString()).isEqualTo(409);
    assertThat(reserved.body()).contains("reserved", "bert");
    operator.post("/api/v1/accounts/alma/servers/mx1/zone-label", Map.of("label", "alma-mx1"));
  }

  @Test
  void aDeletedAccountsLabelsStayReservedUntilAnOperatorFreesThem() {
    long gone = accounts.createAccount("zoe", null, ACTOR).getId();
    accounts.createServer(gone, "mx1", ACTOR);
    assertThat(operator.delete("/api/v1/accounts/zoe").status()).isEqualTo(204);

    Response recreated = operator.post("/api/v1/accounts", Map.of("slug", "zoe"));
    Response listed = operator.get("/api/v1/zone-labels/retired");
    Response byAccount = bert.get("/api/v1/zone-labels/retired");

    assertThat(recreated.status()).as(recreated.toString()).isEqualTo(409);
    assertThat(recreated.body()).contains("reserved");
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.body()).contains("\"zoe\"", "\"zoe-mx1\"");
    assertThat(byAccount.status()).isEqualTo(403);
    assertThat(Dig.rcode(dig.udp("2.0.0.127.zoe-mx1" + BL, Type.A))).isEqualTo("NXDOMAIN");

    assertThat(operator.delete("/api/v1/zone-labels/retired/zoe").status()).isEqualTo(204);
    // zoe-mx1 lies in the namespace a new zoe would own: still refused until it is freed too.
    assertThat(operator.post("/api/v1/accounts", Map.of("slug", "zoe")).status()).isEqualTo(409);
    assertThat(operator.delete("/api/v1/zone-labels/retired/zoe-mx1").status()).isEqualTo(204);
    assertThat(operator.delete("/api/v1/zone-labels/retired/zoe-mx1").status()).isEqualTo(404);
    assertThat(operator.post("/api/v1/accounts", Map.of("slug", "zoe")).status()).isEqualTo(201);
    Response audit = operator.get("/api/v1/audit?accountId=" + gone + "&q=zoe-mx1");
    assertThat(audit.body()).contains("freed");
  }

  /**
   * Data from before the rule — accounts {@code ivo} and {@code ivo-mx} side by side, and a label
   * of {@code ivo}'s namespace held by another account — keeps working; the overlap belongs to the
   * longer slug, and operators see every such case.
   */
  @Test
  void existingDataThatBreaksTheRuleKeepsWorkingAndIsReported() {
    long ivo = accounts.createAccount("ivo", null, ACTOR).getId();
    // Made as the code before the rule would have: an account inside ivo's namespace.
    jdbc.update(
        "insert into account (slug, name, created_at) values ('ivo-mx', 'ivo-mx', ?)",
        java.sql.Timestamp.from(java.time.Instant.now()));
    long ivoMx = jdbc.queryForObject("select id from account where slug = 'ivo-mx'", Long.class);
    jdbc.update(
        "insert into scope (account_id, mail_server_id, zone_label, serial) values (?, null,"
            + " 'ivo-mx', 1)",
        ivoMx);
    ApiClient ivoToken = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, ivo, true));
    ApiClient ivoMxToken =
        ApiClient.on(port).withToken(ApiClient.accountToken(tokens, ivoMx, true));
    // An operator may give any label: alma's server now holds one of ivo's namespace.
    operator.post("/api/v1/accounts/alma/servers", Map.of("name", "mx9"));
    operator.put(
        "/api/v1/accounts/alma/servers/mx9/entries", Map.of("list", "block", "value", "192.0.2.9"));
    assertThat(
            operator
                .post("/api/v1/accounts/alma/servers/mx9/zone-label", Map.of("label", "ivo-old"))
                .status())
        .isEqualTo(200);

    Response conflicts = operator.get("/api/v1/zone-labels/conflicts");
    Response longer = ivoToken.post("/api/v1/accounts/ivo/zone-label", Map.of("label", "ivo-mx-1"));
    Response own =
        ivoMxToken.post("/api/v1/accounts/ivo-mx/zone-label", Map.of("label", "ivo-mx-1"));

    assertThat(conflicts.status()).isEqualTo(200);
    assertThat(conflicts.body())
        .contains(
            "{\"zoneLabel\":\"ivo-mx\",\"heldBy\":\"ivo-mx\",\"namespaceOf\":\"ivo\"}",
            "{\"zoneLabel\":\"ivo-old\",\"heldBy\":\"alma/mx9\",\"namespaceOf\":\"ivo\"}");
    assertThat(Dig.addresses(dig.udp("9.2.0.192.ivo-old" + BL, Type.A)))
        .containsExactly("127.0.0.2");
    assertThat(longer.status()).as(longer.toString()).isEqualTo(409);
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    assertThat(bert.get("/api/v1/zone-labels/conflicts").status()).isEqualTo(403);
  }

  @Test
  void accountNamespacesNeverNest() {
    operator.post("/api/v1/accounts", Map.of("slug", "carl"));
    operator.post("/api/v1/accounts", Map.of("slug", "ann-mx"));

    Response inside = operator.post("/api/v1/accounts", Map.of("slug", "carl-mx"));
    Response around = operator.post("/api/v1/accounts", Map.of("slug", "ann"));
    Response beside = operator.post("/api/v1/accounts", Map.of("slug", "carlmx"));

    assertThat(inside.status()).as(inside.toString()).isEqualTo(409);
    assertThat(inside.body()).contains("namespace", "carl");
    assertThat(around.status()).as(around.toString()).isEqualTo(409);
    assertThat(around.body()).contains("namespace", "ann-mx");
    assertThat(beside.status()).as(beside.toString()).isEqualTo(201);
  }
}
