package dev.palisade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.NewToken;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.Dig;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * {@code /actuator/prometheus} over real HTTP: refused to anyone but an operator, and counting what
 * real DNS queries over UDP and TCP, API writes, imports and failed sign-ins did.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.users.bootstrap-password=" + PrometheusMetricsIT.PASSWORD)
@ActiveProfiles("test")
class PrometheusMetricsIT {

  static final String PASSWORD = "operator-secret-1";
  private static final String PATH = "/actuator/prometheus";
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final Actor ACTOR = Actor.system("test");
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;

  private String slug;
  private long accountId;
  private String operatorSecret;
  private ApiClient operator;
  private Dig dig;

  @BeforeEach
  void setUp() {
    slug = "metrics" + ACCOUNTS.incrementAndGet();
    accountId = accounts.createAccount(slug, null, ACTOR).getId();
    operatorSecret = ApiClient.operatorToken(tokens);
    operator = ApiClient.on(port).withToken(operatorSecret);
    dig = new Dig(dnsServer.port());
  }

  @Test
  void refusedWithoutCredentialsWithAnUnknownTokenAndWithATokenThatIsNotAnOperators() {
    ApiClient anonymous = ApiClient.on(port);
    Response none = anonymous.get(PATH);
    Response unknown = anonymous.withToken("no-such-token-0123456789").get(PATH);
    Response account =
        anonymous.withToken(ApiClient.accountToken(tokens, accountId, true)).get(PATH);

    assertThat(none.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(account.status()).isEqualTo(403);
    assertThat(none.body() + unknown.body() + account.body()).doesNotContain("palisade_dns");
  }

  @Test
  void anOperatorTokenReadsTheMetricsEvenReadOnly() {
    String readOnly = tokens.create(NewToken.operator("scraper", false), "system:test").secret();

    operatorSecret = readOnly;

    assertThat(scrape().samplesOf("palisade_dns_requests_total")).isNotEmpty();
  }

  @Test
  void healthStaysPublicAndOtherActuatorEndpointsStayClosed() {
    ApiClient anonymous = ApiClient.on(port);

    assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
    // Not exposed: the web UI's chain sends the request to its sign-in page.
    assertThat(operator.get("/actuator/metrics").status()).isIn(302, 401, 403, 404);
    assertThat(operator.get("/actuator/env").status()).isIn(302, 401, 403, 404);
  }

  @Test
  void dnsQueriesOverUdpAndTcpCountByZoneKindTypeTransportRcodeAndListing() {
    String bl = "." + slug + ".bl.rbl.palisade.test";
    String dbl = "." + slug + ".dbl.rbl.palisade.test";
    Scrape before = scrape();

    for (int i = 0; i < 3; i++) {
      assertThat(Dig.rcode(dig.udp("2.0.0.127" + bl, Type.A))).isEqualTo("NOERROR");
    }
    for (int i = 0; i < 2; i++) {
      assertThat(Dig.rcode(dig.tcp("1.0.0.127" + bl, Type.TXT))).isEqualTo("NXDOMAIN");
    }
    assertThat(Dig.rcode(dig.udp("test" + dbl, Type.AAAA))).isEqualTo("NOERROR");
    assertThat(Dig.rcode(dig.tcp("www.example.com", Type.MX))).isEqualTo("REFUSED");
    Scrape after = scrape();

    String requests = "palisade_dns_requests_total";
    assertThat(increase(before, after, requests, "zone_kind", "bl", "type", "A", "proto", "udp"))
        .isEqualTo(3);
    assertThat(increase(before, after, requests, "zone_kind", "bl", "type", "TXT", "proto", "tcp"))
        .isEqualTo(2);
    assertThat(
            increase(before, after, requests, "zone_kind", "dbl", "type", "AAAA", "proto", "udp"))
        .isEqualTo(1);
    assertThat(
            increase(before, after, requests, "zone_kind", "none", "type", "other", "proto", "tcp"))
        .isEqualTo(1);
    String responses = "palisade_dns_responses_total";
    assertThat(
            increase(
                before, after, responses, "zone_kind", "bl", "rcode", "NOERROR", "listed", "true"))
        .isEqualTo(3);
    assertThat(
            increase(
                before,
                after,
                responses,
                "zone_kind",
                "bl",
                "rcode",
                "NXDOMAIN",
                "listed",
                "false"))
        .isEqualTo(2);
    assertThat(
            increase(
                before,
                after,
                responses,
                "zone_kind",
                "dbl",
                "rcode",
                "NOERROR",
                "listed",
                "false"))
        .as("a listed name asked for another type is NODATA, not listed")
        .isEqualTo(1);
    assertThat(
            increase(
                before,
                after,
                responses,
                "zone_kind",
                "none",
                "rcode",
                "REFUSED",
                "listed",
                "false"))
        .isEqualTo(1);
    assertThat(after.samplesOf(requests))
        .as("labels come from fixed sets: no zone label, no account")
        .allSatisfy(
            s -> {
              assertThat(s.labels().keySet())
                  .containsExactlyInAnyOrder("zone_kind", "type", "proto");
              assertThat(s.labels().toString()).doesNotContain(slug);
            })
        .hasSize(50);
    assertThat(after.samplesOf(responses)).hasSize(70);
    assertThat(after.samplesOf("palisade_dns_tcp_refused_total")).hasSize(2);
    assertThat(after.samplesOf("palisade_dns_tcp_closed_total")).hasSize(3);
    assertThat(after.samplesOf("palisade_dns_rrl_drops_total")).hasSize(1);
    assertThat(after.samplesOf("palisade_dns_rrl_slips_total")).hasSize(1);
  }

  @Test
  void writesImportsAndTheIndexAreCounted() throws Exception {
    ApiClient api = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, accountId, true));
    String entries = "/api/v1/accounts/" + slug + "/entries";
    Scrape before = scrape();

    assertThat(api.put(entries, Map.of("list", "block", "value", "192.0.2.44")).status())
        .isEqualTo(201);
    assertThat(api.put(entries, Map.of("list", "allow", "value", "2001:db8::7")).status())
        .isEqualTo(201);
    assertThat(api.put(entries, Map.of("list", "block", "value", "spam.example")).status())
        .isEqualTo(201);
    assertThat(api.delete(entries + "?list=block&value=spam.example").status()).isEqualTo(204);
    assertThat(importFile("198.51.100.1\n198.51.100.2\n").statusCode()).isEqualTo(200);
    assertThat(importFile("198.51.100.3\nnot-an-address\n").statusCode()).isEqualTo(400);
    Scrape after = scrape();

    String changes = "palisade_entries_changes_total";
    assertThat(increase(before, after, changes, "change", "added", "list", "block", "type", "ip4"))
        .isEqualTo(3);
    assertThat(increase(before, after, changes, "change", "added", "list", "allow", "type", "ip6"))
        .isEqualTo(1);
    assertThat(
            increase(before, after, changes, "change", "added", "list", "block", "type", "domain"))
        .isEqualTo(1);
    assertThat(
            increase(
                before, after, changes, "change", "removed", "list", "block", "type", "domain"))
        .isEqualTo(1);
    assertThat(increase(before, after, "palisade_imports_total", "outcome", "done")).isEqualTo(1);
    assertThat(increase(before, after, "palisade_imports_total", "outcome", "failed")).isEqualTo(1);
    assertThat(increase(before, after, "palisade_index_entries", "type", "ip4")).isEqualTo(3);
    assertThat(increase(before, after, "palisade_index_entries", "type", "ip6")).isEqualTo(1);
    assertThat(increase(before, after, "palisade_index_entries", "type", "domain")).isEqualTo(0);
  }

  @Test
  void failedSignInsAreCounted() throws Exception {
    Scrape before = scrape();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> failed = signIn(browser, "admin", "wrong-password-" + i);
      assertThat(failed.headers().firstValue("Location").orElse("")).contains("error");
    }
    HttpResponse<String> signedIn = signIn(browser, "admin", PASSWORD);
    assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
    Scrape after = scrape();

    assertThat(increase(before, after, "palisade_signin_failures_total")).isEqualTo(2);
    assertThat(
            increase(before, after, "palisade_signin_failures_total", "reason", "bad_credentials"))
        .isEqualTo(2);
  }

  /** Scrapes as Prometheus does, asking for the text format. */
  private Scrape scrape() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                      .header("Authorization", "Bearer " + operatorSecret)
                      .header("Accept", "text/plain;version=0.0.4")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return Scrape.parse(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double increase(Scrape before, Scrape after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private HttpResponse<String> importFile(String file) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/api/v1/accounts/"
                            + slug
                            + "/import?format=ip4set&list=block"))
                .header(
                    "Authorization", "Bearer " + ApiClient.accountToken(tokens, accountId, true))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(file))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signIn(HttpClient browser, String user, String password)
      throws Exception {
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).as("a CSRF token in the sign-in page").isTrue();
    return browser.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "_csrf=" + csrf.group(1) + "&username=" + user + "&password=" + password))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
