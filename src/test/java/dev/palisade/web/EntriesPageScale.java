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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures the entries page and the dashboard with a large account, on the database a subclass
 * chooses. Loads the entries straight into the table (the import path is measured elsewhere), then
 * times whole HTTP requests — first page, deep pages, each sort and its Next and Previous, filters
 * alone and with sorts, searches, the dashboard — and writes the medians to {@code
 * target/<name>-timing.txt}. Walking Next must give new rows on every page, in every order.
 */
abstract class EntriesPageScale {

  static final String PASSWORD = "operator-secret-1";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern NEXT =
      Pattern.compile("rel=\"next\" id=\"next-page\"\\s+href=\"([^\"]+)\"");
  private static final Pattern PREVIOUS =
      Pattern.compile("rel=\"prev\" id=\"previous-page\"\\s+href=\"([^\"]+)\"");
  private static final Pattern ROW_ID = Pattern.compile("/entries/(\\d+)/edit");
  private static final int RUNS = 5;

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;

  private HttpClient http;
  private long scopeId;

  /** How many entries to load. */
  abstract int entries();

  /** The name of the report file and of the database in it. */
  abstract String database();

  /** Brings the planner's statistics up to date after the load, as a settled database has them. */
  abstract void analyze(JdbcTemplate jdbc);

  @Test
  void entriesPageAndDashboardStayFastWithALargeAccount() throws Exception {
    int count = entries();
    long accountId = accounts.createAccount("scale", null, Actor.system("test")).getId();
    scopeId = accounts.accountScope(accountId).id();
    long loadStart = System.nanoTime();
    load(scopeId, count);
    analyze(jdbc);
    long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;

    http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    signIn();

    List<String> report = new ArrayList<>();
    report.add(
        database()
            + ", entries: "
            + count
            + " (loaded in "
            + loadMillis
            + " ms); median of "
            + RUNS);
    long start = System.nanoTime();
    get("/accounts/scale");
    report.add(line("dashboard, first view (counts)", millisSince(start), ""));
    report.add(line("dashboard", median("/accounts/scale"), ""));
    String[] queries = {
      "",
      "?page=1",
      "?page=1000",
      "?sort=oldest",
      "?sort=value",
      "?sort=expires",
      "?sort=updated",
      "?sort=hits",
      "?sort=most_hits",
      "?sort=value&page=1000",
      "?list=allow",
      "?type=ipv4&list=block",
      "?state=expired",
      "?state=active",
      "?source=api",
      "?list=allow&sort=value",
      "?state=expired&sort=expires",
      "?state=active&sort=updated",
      "?source=api&sort=expires",
      "?type=domain",
      "?q=10.1.2.",
      "?q=10.1.2.3",
      "?q=10.200.&sort=updated",
      "?q=example.com",
      "?q=trap+hit+77777&in=reason",
      "?q=no-such-text-anywhere&in=reason",
    };
    // One pass first: the JIT, the collector after the load and the database's own upkeep
    // (autovacuum) would otherwise weigh on whichever pages come first.
    for (String query : queries) {
      get("/accounts/scale/entries" + query);
    }
    Pattern tableTime = Pattern.compile("class=\"timing\">\\((\\d+) ms\\)");
    for (String query : queries) {
      long millis = median("/accounts/scale/entries" + query);
      String body = get("/accounts/scale/entries" + query);
      assertThat(body).contains("entries in");
      Matcher total = Pattern.compile("<span>([0-9,]+\\+?)</span>\\s*entries in").matcher(body);
      Matcher table = tableTime.matcher(body);
      report.add(
          line(
              "/entries" + query,
              millis,
              "("
                  + (total.find() ? total.group(1) : "?")
                  + " matching; table queries "
                  + (table.find() ? table.group(1) : "?")
                  + " ms)"));
    }
    for (String sort :
        List.of("newest", "oldest", "value", "expires", "updated", "hits", "most_hits")) {
      report.add(walk(sort));
    }
    plan(report, "a page by value after a row", "sort_key > ?", "sort_key", "40a01020320");
    plan(
        report,
        "a page by expiry, rows tied with the last one",
        "expires_at = ? and id > ?",
        "expires_at",
        Timestamp.from(Instant.now().plusSeconds(30 * 86400)),
        5_000_000_000L);
    plan(
        report,
        "a value prefix search",
        "entry_value >= ? and entry_value < ? and entry_value like ?",
        "id desc",
        "10.1.2.",
        "10.1.2/",
        "10.1.2.%");
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", database() + "-entries-page-timing.txt"), report);
    report.forEach(System.out::println);
  }

  /**
   * Follows Next for 20 pages and Previous for 5 in one order; every page must bring rows not seen
   * before.
   */
  private String walk(String sort) throws Exception {
    int hops = 20;
    String page = get("/accounts/scale/entries?sort=" + sort);
    Set<String> seen = new HashSet<>(ids(page));
    long forward = 0;
    for (int i = 0; i < hops; i++) {
      Matcher link = NEXT.matcher(page);
      assertThat(link.find()).as("Next on page %d by %s", i + 1, sort).isTrue();
      long hop = System.nanoTime();
      page = get(link.group(1).replace("&amp;", "&"));
      forward += System.nanoTime() - hop;
      List<String> ids = ids(page);
      assertThat(ids)
          .as("page %d by %s", i + 2, sort)
          .hasSize(50)
          .doesNotContainAnyElementsOf(seen);
      seen.addAll(ids);
    }
    long back = 0;
    int backHops = 5;
    for (int i = 0; i < backHops; i++) {
      Matcher link = PREVIOUS.matcher(page);
      assertThat(link.find()).isTrue();
      long hop = System.nanoTime();
      page = get(link.group(1).replace("&amp;", "&"));
      back += System.nanoTime() - hop;
      assertThat(seen).containsAll(ids(page));
    }
    return line(
        "Next / Previous by " + sort,
        forward / hops / 1_000_000,
        back / backHops / 1_000_000 + " ms back (averages)");
  }

  /** Adds the database's plan of one page query on the scale scope to the report. */
  private void plan(List<String> report, String what, String where, String order, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = scopeId;
    System.arraycopy(args, 0, all, 1, args.length);
    report.add("plan of " + what + ":");
    jdbc.queryForList(
            "explain select * from entry where scope_id = ? and "
                + where
                + " order by scope_id, "
                + order
                + " limit 51",
            all)
        .forEach(row -> row.values().forEach(line -> report.add("  " + line)));
  }

  private static List<String> ids(String page) {
    List<String> ids = new ArrayList<>();
    Matcher row = ROW_ID.matcher(page);
    while (row.find()) {
      ids.add(row.group(1));
    }
    return ids;
  }

  private long median(String path) throws Exception {
    get(path); // warm-up
    long[] runs = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      get(path);
      runs[i] = millisSince(start);
    }
    Arrays.sort(runs);
    return runs[RUNS / 2];
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static String line(String what, long millis, String note) {
    return String.format("%-40s %5d ms  %s", what, millis, note);
  }

  private void load(long scopeId, int count) {
    Instant now = Instant.now();
    Timestamp created = Timestamp.from(now.minusSeconds(86400));
    Timestamp future = Timestamp.from(now.plusSeconds(30 * 86400));
    Timestamp past = Timestamp.from(now.minusSeconds(3600));
    String insert =
        "insert into entry (id, scope_id, list_kind, value_type, entry_value, return_code, reason,"
            + " enabled, expires_at, source, created_by, created_at, updated_by, updated_at,"
            + " version, sort_key) values (?, ?, ?, 'IPV4', ?, null, ?, true, ?, ?, 'system:test',"
            + " ?, 'system:test', ?, 0, ?)";
    String hit = "insert into entry_hit (entry_id, hits, last_hit_at) values (?, ?, ?)";
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
              Timestamp.from(now.minusSeconds(i % 86400)),
              String.format("4%08x20", (10 << 24) | i)
            });
      }
      jdbc.batchUpdate(insert, rows);
      // One entry in seven has decided answers, so the orders by hits have ties and a spread.
      List<Object[]> hits = new ArrayList<>();
      for (int i = from; i < to; i += 7) {
        hits.add(new Object[] {5_000_000_000L + i, 1 + i % 50, created});
      }
      jdbc.batchUpdate(hit, hits);
    }
  }

  private void signIn() throws Exception {
    String form = get("/login");
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

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
