package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/nodes} over HTTP on the embedded database, where this node is the only one:
 * what an operator sees of it, that nobody else sees it, and the public {@code
 * /actuator/health/cluster}. Two nodes on PostgreSQL: {@code PostgresNodesIT}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "palisade.cluster.node-name=api-node",
      "palisade.cluster.heartbeat-interval=200ms"
    })
@ActiveProfiles("test")
class NodeApiIT {

  private static final String PATH = "/api/v1/nodes";
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;
  @Autowired JdbcTemplate jdbc;

  @Test
  void anOperatorSeesThisNodeWithItsDnsAddressAndTheSerialItApplied() throws Exception {
    ApiClient operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    accounts.createAccount("nodes-api", null, Actor.system("test"));
    Response put =
        operator.put(
            "/api/v1/accounts/nodes-api/entries", Map.of("list", "block", "value", "192.0.2.7"));
    assertThat(put.status()).as(put.toString()).isBetween(200, 201);
    long head = jdbc.queryForObject("select max(serial) from change_log", Long.class);

    JsonNode self = null;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (self == null || self.path("appliedSerial").asLong() < head) {
      assertThat(System.nanoTime()).as("serial %s applied", head).isLessThan(deadline);
      Thread.sleep(100);
      Response list = operator.get(PATH);
      assertThat(list.status()).as(list.toString()).isEqualTo(200);
      assertThat(list.json()).hasSize(1);
      self = list.json().get(0);
    }

    assertThat(self.path("name").asString()).isEqualTo("api-node");
    assertThat(self.path("state").asString()).isEqualTo("running");
    assertThat(self.path("thisNode").asBoolean()).isTrue();
    assertThat(self.path("dnsAddress").asString()).isEqualTo("127.0.0.1:" + dnsServer.port());
    assertThat(self.path("host").asString()).isNotBlank();
    assertThat(self.path("version").asString()).isNotBlank();
    assertThat(self.path("lagChanges").asLong()).isZero();
    assertThat(self.path("startedAt").asString()).isNotBlank();
    assertThat(self.path("heartbeatAt").asString()).isNotBlank();
  }

  @Test
  void onlyOperatorsListTheNodes() {
    long account = accounts.createAccount("othernodes", null, Actor.system("test")).getId();
    ApiClient writer = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, account, true));

    Response refused = writer.get(PATH);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(ApiClient.on(port).get(PATH).status()).isEqualTo(401);
  }

  @Test
  void healthSaysHowFarThisNodeIsBehindTheFeedToAnyone() {
    Response health = ApiClient.on(port).get("/actuator/health/cluster");

    assertThat(health.status()).as(health.toString()).isEqualTo(200);
    JsonNode feed = health.json().path("components").path("feed");
    assertThat(feed.path("status").asString()).isEqualTo("UP");
    assertThat(feed.path("details").path("node").asString()).isEqualTo("api-node");
    assertThat(feed.path("details").has("appliedSerial")).isTrue();
    assertThat(feed.path("details").path("lagSeconds").asDouble()).isLessThanOrEqualTo(30.0);
    assertThat(feed.path("details").path("maxLagSeconds").asDouble()).isEqualTo(30.0);
    // The overall status includes it; the other components' details stay private.
    Response overall = ApiClient.on(port).get("/actuator/health");
    assertThat(overall.status()).isEqualTo(200);
    assertThat(overall.body()).doesNotContain("appliedSerial");
  }
}
