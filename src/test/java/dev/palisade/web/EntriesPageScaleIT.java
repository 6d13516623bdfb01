package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.audit.Actor;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Measures the entries page with a large account: {@code ./mvnw -o verify
 * -Dit.test=EntriesPageScaleIT -Dpalisade.scale.entries=1000000}. Loads the entries straight into
 * the table (the import path is measured elsewhere), then times whole HTTP requests of the page —
 * first page, a deep page, each sort, each filter, a text search — and writes them to {@code
 * target/entries-page-timing.txt}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.users.bootstrap-password=" + EntriesPageScaleIT.PASSWORD)
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "palisade.scale.entries", matches = "\\d+")
class EntriesPageScaleIT {

  static final String PASSWORD = "operator-secret-1";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;

  @Test
  void entriesPageStaysFastWithAMillionEntries() throws Exception {
    int count = Integer.getInteger("palisade.scale.entries");
    long accountId = accounts.createAccount("scale", null, Actor.system("test")).getId();
    long scopeId = accounts.accountScope(accountId).id();
    long loadStart = System.nanoTime();
    load(scopeId, count);
    long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;

    HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    signIn(http);

    List<String> report = new ArrayList<>();
    report.add("entries: " + count + " (loaded in " + loadMillis + " ms)");
    String[] queries = {
      "",
      "?page=1",
      "?page=1000",
      "?sort=value",
      "?sort=expires",
      "?sort=updated",
      "?sort=oldest",
      "?list=allow",
      "?type=ipv4&list=block",
      "?state=expired",
      "?state=active",
      "?source=api",
      "?q=10.1.2.",
      "?q=trap+hit+77777",
      "?q=no-such-text-anywhere",
    };
    for (String query : queries) {
      get(http, "/accounts/scale/entries" + query); // warm-up
      long best = Long.MAX_VALUE;
      String body = "";
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        body = get(http, "/accounts/scale/entries" + query);
        best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
      }
      assertThat(body).contains("entries in");
      Matcher total = Pattern.compile("<span>([0-9,]+\\+?)</span>\\s*entries in").matcher(body);
      report.add(
          String.format(
              "%-32s %5d ms  (%s matching)",
              "/entries" + query, best, total.find() ? total.group(1) : "?"));
    }
    // Following "Next" from the first page: keyset pages by id.
    Pattern next = Pattern.compile("rel=\"next\" id=\"next-page\"\\s+href=\"([^\"]+)\"");
    String page = get(http, "/accounts/scale/entries");
    long walked = 0;
    int hops = 20;
    for (int i = 0; i < hops; i++) {
      Matcher link = next.matcher(page);
      assertThat(link.find()).isTrue();
      long hop = System.nanoTime();
      page = get(http, link.group(1).replace("&amp;", "&"));
      walked += System.nanoTime() - hop;
    }
    report.add(
        String.format(
            "%-32s %5d ms  (average of %d)", "Next from page 1", walked / hops / 1_000_000, hops));
    long start = System.nanoTime();
    get(http, "/accounts/scale");
    report.add(String.format("%-32s %5d ms", "dashboard", (System.nanoTime() - start) / 1_000_000));
    report.add("plan of the first page:");
    jdbc.queryForList(
            "explain select * from entry where scope_id = ? and id < ?"
                + " order by scope_id desc, id desc limit 51",
            scopeId,
            Long.MAX_VALUE)
        .forEach(row -> report.add("  " + row.values()));
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "entries-page-timing.txt"), report);
    report.forEach(System.out::println);
  }

  private void load(long scopeId, int count) {
    Instant now = Instant.now();
    Timestamp created = Timestamp.from(now.minusSeconds(86400));
    Timestamp future = Timestamp.from(now.plusSeconds(30 * 86400));
    Timestamp past = Timestamp.from(now.minusSeconds(3600));
    String insert =
        "insert into entry (id, scope_id, list_kind, value_type, entry_value, return_code, reason,"
            + " enabled, expires_at, source, created_by, created_at, updated_by, updated_at,"
            + " version) values (?, ?, ?, 'IPV4', ?, null, ?, true, ?, ?, 'system:test', ?,"
            + " 'system:test', ?, 0)";
    int batch = 10_000;
    for (int from = 0; from < count; from += batch) {
      int to = Math.min(count, from + batch);
      List<Object[]> rows = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        String value = "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
        rows.add(
            new Object[] {
              5_000_000_000L + i,
              scopeId,
              i % 10 == 0 ? "ALLOW" : "BLOCK",
              value,
              i % 2 == 0 ? "trap hit " + i : null,
              i % 100 == 0 ? past : (i % 3 == 0 ? future : null),
              i % 4 == 0 ? "API" : "IMPORT",
              created,
              Timestamp.from(now.minusSeconds(i % 86400))
            });
      }
      jdbc.batchUpdate(insert, rows);
    }
  }

  private void signIn(HttpClient http) throws Exception {
    String form = get(http, "/login");
    Matcher csrf = CSRF.matcher(form);
    assertThat(csrf.find()).isTrue();
    String body =
        "username=admin&password="
            + PASSWORD
            + "&_csrf="
            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).contains("Sign out");
  }

  private String get(HttpClient http, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
