package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.PalisadeApplication;
import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.common.DatabaseStatus;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.Dig;
import dev.palisade.support.PostgresDatabase;
import dev.palisade.support.RefusingPostgres;
import dev.palisade.support.TcpProxy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * The database goes away under a running node, and a node starts while it is away: the real
 * PostgreSQL behind a TCP proxy the test cuts and restores (never the shared server itself), the
 * node started as {@code main} starts it with the shipped {@code postgres} profile (its short
 * timeouts), DNS asked over real sockets, the API over HTTP. HTTP requests give up after {@link
 * #HTTP_PATIENCE}: an answer that takes the old 30 seconds fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresDatabaseOutageIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  private static final String ZONE = ".rbl.palisade.test";
  private static final String TOKEN = "pal_outage-test-operator-token-0123456789abcdef";
  private static final Duration HTTP_PATIENCE = Duration.ofSeconds(10);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** A whole start on a busy machine: migrations, the index, DNS, then the application. */
  private static final Duration START_PATIENCE = Duration.ofMinutes(2);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  @TempDir Path directory;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private TcpProxy proxy;

  @BeforeAll
  void proxy() throws IOException {
    proxy = new TcpProxy(proxyHost(), proxyPort());
  }

  /** The real database's host and port, which the proxies lead to. */
  private static String proxyHost() {
    return server().group(1);
  }

  private static int proxyPort() {
    Matcher server = server();
    return server.group(2) == null ? 5432 : parseInt(server.group(2));
  }

  private static Matcher server() {
    Matcher server = Pattern.compile("//([^/:?]+)(?::(\\d+))?/").matcher(url());
    assertThat(server.find()).as(url()).isTrue();
    return server;
  }

  @AfterAll
  void closeProxy() throws IOException {
    proxy.close();
  }

  @Test
  void duringAnOutageDnsAnswersAndTheApiAnswers503AtOnceUntilTheDatabaseIsBack() throws Exception {
    ConfigurableApplicationContext node = start("", 0);
    try {
      ScopeInfo scope = account(node, "outage");
      add(node, scope, block("192.0.2.1", null));
      String listed = "1.2.0.192." + scope.label() + ".bl" + ZONE;
      int http = httpPort(node);
      assertThat(get(http, "/api/v1/accounts", "application/json").statusCode()).isEqualTo(200);
      String marker = mark();

      proxy.cut();
      List<HttpResponse<String>> refused = new ArrayList<>();
      refused.add(get(http, "/api/v1/accounts", "application/json"));
      refused.add(get(http, "/api/v1/accounts/outage-" + run + "/entries", "application/json"));
      // Past the few seconds a checked token is trusted: the token itself needs the database now.
      Thread.sleep(6_000);
      refused.add(get(http, "/api/v1/accounts", "application/json"));
      refused.add(get(http, "/actuator/prometheus", "*/*"));
      for (HttpResponse<String> answer : refused) {
        assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.body()).contains("\"status\":503").contains("cannot be reached");
      }
      HttpResponse<String> page = get(http, "/", "text/html");
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
      assertThat(page.body()).contains("Database unavailable");
      for (int i = 0; i < 200; i++) {
        assertThat(answer(node, listed)).isEqualTo("NOERROR [127.0.0.2]");
      }

      proxy.restore();
      eventually(() -> get(http, "/api/v1/accounts", "application/json").statusCode() == 200);
      add(node, scope, block("192.0.2.2", null));
      assertThat(answer(node, "2.2.0.192." + scope.label() + ".bl" + ZONE))
          .isEqualTo("NOERROR [127.0.0.2]");
      String during = since(marker);
      assertThat(count(during, "database unreachable")).as(during).isEqualTo(1);
      assertThat(count(during, "database reachable again")).as(during).isEqualTo(1);
      assertThat(during).doesNotContain(CapturedLog.STACK_TRACE);
    } finally {
      proxy.restore();
      node.close();
    }
  }

  @Test
  void aDatabaseThatHangsIsNoticedAndTheApiAnswers503() throws Exception {
    ConfigurableApplicationContext node = start("", 0);
    try {
      ScopeInfo scope = account(node, "hang");
      add(node, scope, block("192.0.2.1", null));
      int http = httpPort(node);
      DatabaseStatus status = node.getBean(DatabaseStatus.class);

      proxy.hang();
      eventually(() -> !status.reachable());
      HttpResponse<String> answer = get(http, "/api/v1/accounts", "application/json");
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(answer(node, "1.2.0.192." + scope.label() + ".bl" + ZONE))
          .isEqualTo("NOERROR [127.0.0.2]");

      proxy.restore();
      eventually(() -> get(http, "/api/v1/accounts", "application/json").statusCode() == 200);
    } finally {
      proxy.restore();
      node.close();
    }
  }

  @Test
  void anEntryStopsAnsweringAtItsExpiryWhileTheDatabaseIsUnreachable() {
    ConfigurableApplicationContext node = start("", 0);
    try {
      ScopeInfo scope = account(node, "expiry");
      Instant expiry = Instant.now().plusSeconds(5);
      add(node, scope, block("192.0.2.1", expiry));
      String listed = "1.2.0.192." + scope.label() + ".bl" + ZONE;
      assertThat(answer(node, listed)).isEqualTo("NOERROR [127.0.0.2]");
      DatabaseStatus status = node.getBean(DatabaseStatus.class);

      proxy.cut();
      eventually(() -> !status.reachable());
      eventually(() -> answer(node, listed).equals("NXDOMAIN []"));
      assertThat(Instant.now()).as("not before its expiry").isAfterOrEqualTo(expiry);

      proxy.restore();
      eventually(status::reachable);
      assertThat(answer(node, listed)).isEqualTo("NXDOMAIN []");
    } finally {
      proxy.restore();
      node.close();
    }
  }

  @Test
  void aGracefulStopDuringAnOutageStillWritesTheIndexFile() {
    Path file = directory.resolve("stop.index");
    ConfigurableApplicationContext node = start(file.toString(), 0);
    String marker = mark();
    ScopeInfo scope;
    try {
      scope = account(node, "stop");
      add(node, scope, block("192.0.2.1", null));
      DatabaseStatus status = node.getBean(DatabaseStatus.class);
      proxy.cut();
      eventually(() -> !status.reachable());
    } finally {
      long started = System.nanoTime();
      node.close();
      LoggerFactory.getLogger(PostgresDatabaseOutageIT.class)
          .info(
              "graceful stop during the outage took {} ms",
              Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
    try {
      assertThat(since(marker)).contains("index file " + file + " written");
      // Written without the database, it serves a start while the database is still away.
      ConfigurableApplicationContext restarted = start(file.toString(), freePort());
      try {
        assertThat(answer(restarted, "1.2.0.192." + scope.label() + ".bl" + ZONE))
            .isEqualTo("NOERROR [127.0.0.2]");
      } finally {
        restarted.close();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      proxy.restore();
    }
  }

  @Test
  void aNodeStartedWhileTheDatabaseIsUnreachableAnswersFromItsIndexFileAndCatchesUp()
      throws Exception {
    Path file = directory.resolve("start.index");
    ConfigurableApplicationContext first = start(file.toString(), 0);
    ScopeInfo scope;
    try {
      scope = account(first, "start");
      add(first, scope, block("192.0.2.1", null), block("192.0.2.3", null));
    } finally {
      first.close();
    }
    // Meanwhile another node, on the database directly, changes the scope.
    ConfigurableApplicationContext other = PalisadeApplication.start(direct());
    try {
      add(other, scope, block("192.0.2.2", null));
      other
          .getBean(Listings.class)
          .delete(
              scope.id(), ListKind.BLOCK, EntryValue.parse("192.0.2.3"), EntrySource.API, ACTOR);
    } finally {
      other.close();
    }
    String one = "1.2.0.192." + scope.label() + ".bl" + ZONE;
    String two = "2.2.0.192." + scope.label() + ".bl" + ZONE;
    String three = "3.2.0.192." + scope.label() + ".bl" + ZONE;

    proxy.cut();
    int http = freePort();
    // Only this node's lines: scope ids repeat across the tests' schemas, and other test classes
    // of this JVM log their own scopes' reloads.
    long logMark = CapturedLog.mark();
    ConfigurableApplicationContext node = start(file.toString(), http);
    try {
      assertThat(answer(node, one)).isEqualTo("NOERROR [127.0.0.2]");
      assertThat(answer(node, three)).as("as the file has it").isEqualTo("NOERROR [127.0.0.2]");
      HttpResponse<String> api = get(http, "/api/v1/accounts", "application/json");
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(api.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(get(http, "/actuator/health", "application/json").statusCode()).isEqualTo(503);

      proxy.restore();
      eventually(() -> answer(node, two).equals("NOERROR [127.0.0.2]"));
      eventually(() -> answer(node, three).equals("NXDOMAIN []"));
      assertThat(answer(node, one)).isEqualTo("NOERROR [127.0.0.2]");
      eventually(() -> get(http, "/api/v1/accounts", "application/json").statusCode() == 200);
      assertThat(CapturedLog.since(logMark)).doesNotContain("scope " + scope.id() + " reloaded");
    } finally {
      proxy.restore();
      node.close();
    }
  }

  /**
   * No database and no index file to answer from: the node says so in one line, keeps its DNS port
   * closed (a resolver moves to the other name servers at once), answers 503 on HTTP with a health
   * saying why, and starts completely once the database is back.
   */
  @Test
  void withoutTheDatabaseAndWithoutAnIndexFileTheNodeWaitsForTheDatabaseAndThenServes()
      throws Exception {
    proxy.cut();
    int http = freePort();
    int dns = freePort();
    String marker = mark();
    CompletableFuture<ConfigurableApplicationContext> starting =
        CompletableFuture.supplyAsync(
            () -> start(directory.resolve("none.index").toString(), http, dns));
    ConfigurableApplicationContext node = null;
    try {
      eventually(() -> status(http, "/actuator/health") == 503);
      HttpResponse<String> health = get(http, "/actuator/health", "application/json");
      assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"source\":\"none\"");
      HttpResponse<String> api = get(http, "/api/v1/accounts", "application/json");
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThatThrownBy(() -> new Socket("127.0.0.1", dns).close())
          .as("DNS stays closed while there is nothing to answer from")
          .isInstanceOf(ConnectException.class);
      Thread.sleep(3_000); // a few attempts
      assertThat(starting).isNotDone();
      String waiting = since(marker);
      assertThat(waiting)
          .containsOnlyOnce("the database cannot be reached")
          .contains("there is none")
          .doesNotContain("\tat ");
      assertThat(waiting.strip().lines()).as("one line, not one per attempt").hasSize(1);

      proxy.restore();
      node = starting.get(START_PATIENCE.toSeconds(), TimeUnit.SECONDS);
      ScopeInfo scope = account(node, "waited");
      add(node, scope, block("192.0.2.1", null));
      assertThat(answer(node, "1.2.0.192." + scope.label() + ".bl" + ZONE))
          .isEqualTo("NOERROR [127.0.0.2]");
      assertThat(get(http, "/api/v1/accounts", "application/json").statusCode()).isEqualTo(200);
      assertThat(since(marker)).contains("the database is back");
    } finally {
      proxy.restore();
      if (node == null) {
        node = starting.get(START_PATIENCE.toSeconds(), TimeUnit.SECONDS);
      }
      node.close();
    }
  }

  /**
   * A node that answers from its index file while the database is away, and then finds it back but
   * refusing its login (a password changed on the database): DNS goes on answering from the file,
   * and the log says why the rest waits in one line, not a stack trace per try.
   */
  @Test
  void aNodeOnItsIndexFileWhoseDatabaseRefusesTheLoginKeepsAnsweringAndSaysWhyOnce()
      throws Exception {
    Path file = directory.resolve("refused.index");
    TcpProxy own = TcpProxy.to(proxyHost(), proxyPort());
    int port = own.port();
    ConfigurableApplicationContext first = start(own, file.toString(), 0, 0);
    ScopeInfo scope;
    try {
      scope = account(first, "refused");
      add(first, scope, block("192.0.2.1", null));
    } finally {
      first.close();
    }
    own.close(); // the database's address now answers nothing
    String listed = "1.2.0.192." + scope.label() + ".bl" + ZONE;

    ConfigurableApplicationContext node = start(own, file.toString(), freePort(), 0);
    try {
      assertThat(answer(node, listed)).as("from the index file").isEqualTo("NOERROR [127.0.0.2]");
      long before = CapturedLog.mark();
      String refusal = "password authentication failed for user \"palisade\"";
      try (RefusingPostgres refusing = new RefusingPostgres(port, "28P01", refusal)) {
        eventually(() -> CapturedLog.since(before).contains(refusal));
        Thread.sleep(3 * DatabaseStatus.PROBE_INTERVAL.toMillis()); // several more tries

        assertThat(node.isActive()).isTrue();
        assertThat(answer(node, listed)).isEqualTo("NOERROR [127.0.0.2]");
      }
      String logged = CapturedLog.since(before);
      assertThat(logged.lines().filter(line -> line.contains(refusal))).hasSize(1);
      assertThat(logged).doesNotContain(CapturedLog.STACK_TRACE);
    } finally {
      node.close();
    }
  }

  // ---- helpers ----

  private static String url() {
    return database.arguments().stream()
        .filter(argument -> argument.startsWith("--spring.datasource.url="))
        .findFirst()
        .orElseThrow()
        .substring("--spring.datasource.url=".length());
  }

  /** The arguments of a node on the database directly, without an index file. */
  private String[] direct() {
    List<String> arguments = new ArrayList<>(database.arguments());
    arguments.add("--palisade.index.file=");
    arguments.add("--palisade.cluster.node-name=direct-" + run);
    return arguments.toArray(String[]::new);
  }

  /** A node on the database through the proxy, with the shipped postgres profile. */
  private ConfigurableApplicationContext start(String indexFile, int httpPort) {
    return start(indexFile, httpPort, 0);
  }

  private ConfigurableApplicationContext start(String indexFile, int httpPort, int dnsPort) {
    return start(proxy, indexFile, httpPort, dnsPort);
  }

  private ConfigurableApplicationContext start(
      TcpProxy via, String indexFile, int httpPort, int dnsPort) {
    List<String> arguments = new ArrayList<>();
    for (String argument : database.arguments()) {
      if (argument.startsWith("--spring.datasource.url=")) {
        arguments.add(
            "--spring.datasource.url="
                + url().replaceFirst("//[^/]+/", "//127.0.0.1:" + via.port() + "/"));
      } else if (argument.startsWith("--spring.profiles.active=")) {
        arguments.add("--spring.profiles.active=test,postgres");
      } else {
        arguments.add(argument);
      }
    }
    arguments.add("--palisade.index.file=" + indexFile);
    arguments.add("--palisade.index.save-interval=1h");
    arguments.add("--server.port=" + httpPort);
    if (dnsPort != 0) {
      arguments.add("--palisade.dns.port=" + dnsPort);
    }
    arguments.add("--palisade.api.bootstrap-token=" + TOKEN);
    arguments.add("--palisade.cluster.node-name=outage-" + run);
    return PalisadeApplication.start(arguments.toArray(String[]::new));
  }

  private ScopeInfo account(ConfigurableApplicationContext node, String name) {
    Accounts accounts = node.getBean(Accounts.class);
    return accounts.accountScope(accounts.createAccount(name + "-" + run, null, ACTOR).getId());
  }

  private static void add(
      ConfigurableApplicationContext node, ScopeInfo scope, EntryDraft... drafts) {
    node.getBean(Listings.class).upsert(scope.id(), List.of(drafts), EntrySource.API, ACTOR);
  }

  private static EntryDraft block(String value, Instant expiresAt) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), null, null, expiresAt);
  }

  private static int httpPort(ConfigurableApplicationContext node) {
    return node.getEnvironment().getProperty("local.server.port", Integer.class);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> get(int port, String path, String accept) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Accept", accept)
            .timeout(HTTP_PATIENCE)
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of a GET, or -1 while nothing listens on the port. */
  private static int status(int port, String path) {
    try {
      return get(port, path, "application/json").statusCode();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  /** The rcode and A records of an A query to the node's DNS, as one line. */
  private static String answer(ConfigurableApplicationContext node, String name) {
    Message answer = new Dig(node.getBean(DnsServer.class).port()).udp(name, Type.A);
    return Dig.rcode(answer) + " " + Dig.addresses(answer);
  }

  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s", PATIENCE).isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Writes a unique line into the captured log and returns it. */
  private static String mark() {
    String marker = "outage test mark " + UUID.randomUUID();
    LoggerFactory.getLogger("dev.palisade.boot.OutageMark").info(marker);
    return marker;
  }

  /** The captured lines after the marker. */
  private static String since(String marker) {
    String text = CapturedLog.text();
    int at = text.lastIndexOf(marker);
    assertThat(at).as("marker still captured").isNotNegative();
    return text.substring(at + marker.length());
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static int parseInt(String text) {
    return Integer.parseInt(text);
  }
}
