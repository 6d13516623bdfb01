package dev.palisade.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.account.ApiTokens;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.Browser;
import dev.palisade.support.Dig;
import dev.palisade.support.PostgresDatabase;
import dev.palisade.support.TcpProxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

/**
 * The list of nodes with two nodes on the real PostgreSQL, started as {@code main} starts them: A
 * reaches the database directly, B through a {@link TcpProxy} the test cuts. Both are listed with
 * the serial they applied (API, web UI, health); B cut off from the database falls behind, is
 * listed as stale, its health goes {@code OUT_OF_SERVICE} while its DNS keeps answering what it
 * had, and it catches up on its own once the database is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresNodesIT {

  private static final String ZONE = ".rbl.palisade.test";
  private static final String PASSWORD = "nodes-operator-secret-1";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private TcpProxy proxy;
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;
  private ApiClient apiA;
  private ApiClient apiB;

  @BeforeAll
  void startTwoNodes() {
    List<String> direct = database.arguments();
    Matcher target = Pattern.compile("//([^/:?]+)(?::(\\d+))?/").matcher(url(direct));
    assertThat(target.find()).as("host and port in %s", url(direct)).isTrue();
    proxy =
        TcpProxy.to(
            target.group(1), target.group(2) == null ? 5432 : Integer.parseInt(target.group(2)));
    List<String> proxied = new ArrayList<>();
    for (String argument : direct) {
      proxied.add(
          argument.startsWith("--spring.datasource.url=")
              ? argument.replace(target.group(), "//127.0.0.1:" + proxy.port() + "/")
              : argument);
    }
    a = node("a", direct);
    b = node("b", proxied);
    String secret = ApiClient.operatorToken(a.getBean(ApiTokens.class));
    apiA = ApiClient.on(httpPort(a)).withToken(secret);
    apiB = ApiClient.on(httpPort(b)).withToken(secret);
  }

  @AfterAll
  void stopNodes() {
    for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {a, b}) {
      if (node != null) {
        node.close();
      }
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Every test leaves B connected and running again. */
  @AfterEach
  void reconnectB() {
    proxy.restore();
    eventually("node-b running on A's list", () -> "running".equals(state(apiA, "node-b")));
  }

  @Test
  void bothNodesAreListedWithTheSerialTheyAppliedAndTheirDnsAddress() throws Exception {
    String label = account("listed");
    put(apiA, label, "192.0.2.1");
    long head = head();

    for (ApiClient api : List.of(apiA, apiB)) {
      eventually(
          "both nodes applied serial " + head,
          () -> applied(api, "node-a") >= head && applied(api, "node-b") >= head);
    }
    JsonNode onA = node(apiA, "node-a");
    assertThat(onA.path("state").asString()).isEqualTo("running");
    assertThat(onA.path("thisNode").asBoolean()).isTrue();
    assertThat(onA.path("dnsAddress").asString()).isEqualTo("127.0.0.1:" + dnsPort(a));
    assertThat(onA.path("version").asString()).isNotBlank();
    assertThat(onA.path("startedAt").asString()).isNotBlank();
    assertThat(onA.path("heartbeatAt").asString()).isNotBlank();
    JsonNode bOnA = node(apiA, "node-b");
    assertThat(bOnA.path("thisNode").asBoolean()).isFalse();
    assertThat(bOnA.path("dnsAddress").asString()).isEqualTo("127.0.0.1:" + dnsPort(b));
    assertThat(node(apiB, "node-b").path("thisNode").asBoolean()).isTrue();
    assertThat(answer(b, "1.2.0.192." + label + ".bl" + ZONE)).isEqualTo("NOERROR [127.0.0.2]");

    ApiClient.Response health = ApiClient.on(httpPort(b)).get("/actuator/health/cluster");
    assertThat(health.status()).as(health.toString()).isEqualTo(200);
    JsonNode feed = health.json().path("components").path("feed");
    assertThat(feed.path("status").asString()).isEqualTo("UP");
    assertThat(feed.path("details").path("node").asString()).isEqualTo("node-b");
    assertThat(feed.path("details").path("appliedSerial").asLong()).isGreaterThanOrEqualTo(head);
  }

  @Test
  void aNodeCutOffFromTheDatabaseFallsBehindGoesOutOfServiceAndCatchesUpWhenItIsBack()
      throws Exception {
    String label = account("cut");
    put(apiA, label, "192.0.2.10");
    String before = "10.2.0.192." + label + ".bl" + ZONE;
    eventually("B answers the first entry", () -> answer(b, before).equals("NOERROR [127.0.0.2]"));
    eventually("B healthy", () -> healthStatus(b) == 200);

    proxy.cut();
    for (int i = 11; i <= 13; i++) {
      put(apiA, label, "192.0.2." + i);
    }
    long head = head();

    eventually("node-b stale on A's list", () -> "stale".equals(state(apiA, "node-b")));
    JsonNode stale = node(apiA, "node-b");
    assertThat(stale.path("appliedSerial").asLong()).isLessThan(head);
    assertThat(stale.path("lagChanges").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(stale.path("lagSeconds").asDouble()).isPositive();
    assertThat(node(apiA, "node-a").path("state").asString()).isEqualTo("running");
    assertThat(node(apiA, "node-a").path("lagChanges").asLong()).isZero();

    eventually("B's health out of service", () -> healthStatus(b) == 503);
    JsonNode feed =
        ApiClient.on(httpPort(b))
            .get("/actuator/health/cluster")
            .json()
            .path("components")
            .path("feed");
    assertThat(feed.path("status").asString()).isEqualTo("OUT_OF_SERVICE");
    assertThat(feed.path("details").path("lagSeconds").asDouble())
        .isGreaterThan(feed.path("details").path("maxLagSeconds").asDouble());
    assertThat(feed.path("details").path("failingSince").asString()).isNotBlank();
    // DNS answers what B had, and not what it could not read.
    assertThat(answer(b, before)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(answer(b, "13.2.0.192." + label + ".bl" + ZONE)).isEqualTo("NXDOMAIN []");

    proxy.restore();
    eventually(
        "B answers what was written while it was cut off",
        () -> answer(b, "13.2.0.192." + label + ".bl" + ZONE).equals("NOERROR [127.0.0.2]"));
    eventually("B healthy again", () -> healthStatus(b) == 200);
    eventually(
        "B running and current on A's list",
        () ->
            "running".equals(state(apiA, "node-b"))
                && applied(apiA, "node-b") >= head
                && node(apiA, "node-b").path("lagChanges").asLong() == 0);
  }

  @Test
  void aNodeStoppedIsListedAsStoppedAndReplacedWhenItStartsAgain() {
    ConfigurableApplicationContext c = node("c", database.arguments());
    eventually("node-c running", () -> "running".equals(state(apiA, "node-c")));
    String firstStart = node(apiA, "node-c").path("startedAt").asString();
    c.close();
    eventually("node-c stopped", () -> "stopped".equals(state(apiA, "node-c")));

    c = node("c", database.arguments());
    try {
      eventually("node-c running again", () -> "running".equals(state(apiA, "node-c")));
      JsonNode again = node(apiA, "node-c"); // one row: the stopped one was replaced
      assertThat(again.path("startedAt").asString()).isNotEqualTo(firstStart);
    } finally {
      c.close();
    }
    eventually("node-c stopped again", () -> "stopped".equals(state(apiA, "node-c")));
  }

  @Test
  void operatorsSeeTheNodesPageWithTheNodeCutOffMarkedStale() {
    try (Browser browser = Browser.start(httpPort(a))) {
      browser.signIn("admin", PASSWORD);
      browser.click("nav-nodes");
      assertThat(browser.path()).isEqualTo("/nodes");
      assertThat(browser.find(By.id("node-node-a")).getText())
          .contains("running")
          .contains("this node")
          .contains("127.0.0.1:" + dnsPort(a));
      assertThat(browser.find(By.id("node-node-b")).getText())
          .contains("running")
          .contains("127.0.0.1:" + dnsPort(b));
      browser.screenshot("nodes-01-running");

      proxy.cut();
      put(apiA, account("page"), "192.0.2.20");
      eventually(
          "node-b stale on the page",
          () -> {
            browser.open("/nodes");
            return browser.find(By.id("node-node-b")).getText().contains("stale");
          });
      // Behind by what A wrote since: the account and the entry.
      assertThat(browser.find(By.id("node-node-b")).getText())
          .containsPattern("\\b([2-9]|[1-9][0-9]+) changes, ");
      // A's own lag is measured at its heartbeat: one that fell between its write and its own
      // follower applying it says "1 change" until the next.
      eventually(
          "node-a current on the page",
          () -> {
            browser.open("/nodes");
            String text = browser.find(By.id("node-node-a")).getText();
            return text.contains("running") && text.contains("current");
          });
      browser.screenshot("nodes-02-stale");
    }
  }

  // ---- helpers ----

  private ConfigurableApplicationContext node(String name, List<String> base, String... more) {
    List<String> arguments = new ArrayList<>(base);
    arguments.add("--palisade.cluster.node-name=node-" + name);
    arguments.add("--palisade.cluster.heartbeat-interval=300ms");
    arguments.add("--palisade.cluster.poll-interval=300ms");
    arguments.add("--palisade.cluster.max-lag=2s");
    arguments.add("--palisade.users.bootstrap-password=" + PASSWORD);
    // A database that cannot be reached fails a request within a second rather than 30.
    arguments.add("--spring.datasource.hikari.connection-timeout=1000");
    arguments.addAll(List.of(more));
    return PalisadeApplication.start(arguments.toArray(String[]::new));
  }

  private static String url(List<String> arguments) {
    return arguments.stream()
        .filter(argument -> argument.startsWith("--spring.datasource.url="))
        .findFirst()
        .orElseThrow();
  }

  private static int httpPort(ConfigurableApplicationContext node) {
    return ((WebServerApplicationContext) node).getWebServer().getPort();
  }

  private static int dnsPort(ConfigurableApplicationContext node) {
    return node.getBean(DnsServer.class).port();
  }

  /** Creates an account through A's API; returns its zone label. */
  private String account(String name) {
    String slug = name + "-" + run;
    ApiClient.Response created = apiA.post("/api/v1/accounts", Map.of("slug", slug, "name", name));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return slug;
  }

  private static void put(ApiClient api, String account, String value) {
    ApiClient.Response response =
        api.put(
            "/api/v1/accounts/" + account + "/entries", Map.of("list", "block", "value", value));
    assertThat(response.status()).as(response.toString()).isBetween(200, 201);
  }

  /** The newest serial of the change feed. */
  private static long head() throws Exception {
    try (Connection connection = database.connect();
        Statement sql = connection.createStatement();
        ResultSet row = sql.executeQuery("select max(serial) from change_log")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<JsonNode> named(ApiClient api, String name) {
    ApiClient.Response list = api.get("/api/v1/nodes");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode node : list.json()) {
      if (node.path("name").asString().equals(name)) {
        found.add(node);
      }
    }
    return found;
  }

  private static JsonNode node(ApiClient api, String name) {
    List<JsonNode> found = named(api, name);
    assertThat(found).as("%s listed", name).hasSize(1);
    return found.get(0);
  }

  private static String state(ApiClient api, String name) {
    List<JsonNode> found = named(api, name);
    return found.size() == 1 ? found.get(0).path("state").asString() : "not listed";
  }

  /** The serial a node applied as the list shows it; -1 while it is not listed. */
  private static long applied(ApiClient api, String name) {
    List<JsonNode> found = named(api, name);
    return found.size() == 1 ? found.get(0).path("appliedSerial").asLong() : -1;
  }

  private static int healthStatus(ConfigurableApplicationContext node) {
    return ApiClient.on(httpPort(node)).get("/actuator/health/cluster").status();
  }

  /** The rcode and A records of an A query to the node's DNS, as one line. */
  private static String answer(ConfigurableApplicationContext node, String name) {
    Message answer = new Dig(dnsPort(node)).udp(name, Type.A);
    return Dig.rcode(answer) + " " + Dig.addresses(answer);
  }

  /** Waits until the condition holds, asking every 100 ms, at most {@link #PATIENCE}. */
  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s for: %s", PATIENCE, what).isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
