package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.RetiredLabels;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.Dig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Message;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

/** The entries API over real HTTP, checked against real DNS answers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EntryApiIT {

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final Actor ACTOR = Actor.system("test");
  private static final String BASE = ".bl.rbl.palisade.test";

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired RetiredLabels retired;
  @Autowired DnsServer dnsServer;

  private String slug;
  private ApiClient api;
  private Dig dig;
  private String entries;

  @BeforeEach
  void createAccount() {
    slug = "api" + ACCOUNTS.incrementAndGet();
    long id = accounts.createAccount(slug, null, ACTOR).getId();
    accounts.createServer(id, "mx1", ACTOR);
    api = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, id, true));
    dig = new Dig(dnsServer.port());
    entries = "/api/v1/accounts/" + slug + "/entries";
  }

  @Test
  void putIsIdempotentAndVisibleInDnsWhenItReturns() {
    Map<String, Object> ban = Map.of("list", "block", "value", "192.0.2.44", "reason", "trap $");

    Response first = api.put(entries, ban);
    Response again = api.put(entries, ban);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
    assertThat(Dig.texts(dig.udp("44.2.0.192." + slug + BASE, Type.TXT)))
        .containsExactly("trap 192.0.2.44");
    assertThat(api.get(entries + "?q=192.0.2.44").json().get("total").asLong()).isEqualTo(1);
  }

  @Test
  void postCreatesWithLocationAndRefusesADuplicate() {
    Response created = api.post(entries, Map.of("list", "allow", "value", "2001:DB8::1"));
    Response duplicate = api.post(entries, Map.of("list", "allow", "value", "2001:db8::1"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith(entries + "/" + created.json().get("id"));
    assertThat(created.json().get("value").asString()).isEqualTo("2001:db8::1");
    assertThat(created.json().get("type").asString()).isEqualTo("ipv6");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.contentType()).isEqualTo("application/problem+json");
    assertThat(api.get(created.header("Location")).status()).isEqualTo(200);
  }

  /**
   * An exclusion is created, listed and filtered as list {@code exclude}; it unlists the address in
   * bl without listing it in wl; lookup says which entry it beat; a return code is refused.
   */
  @Test
  void anExclusionUnlistsWithoutAllowingAndLookupSaysWhichBlockItBeat() {
    assertThat(api.post(entries, Map.of("list", "block", "value", "198.51.100.0/24")).status())
        .isEqualTo(201);
    Response created =
        api.post(
            entries, Map.of("list", "exclude", "value", "198.51.100.7", "reason", "our relay"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("list").asString()).isEqualTo("exclude");
    assertThat(created.json().get("returnCode").isNull()).isTrue();
    String bl = "7.100.51.198." + slug + BASE;
    String wl = "7.100.51.198." + slug + ".wl.rbl.palisade.test";
    assertThat(Dig.rcode(dig.udp(bl, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(Dig.rcode(dig.udp(wl, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(Dig.addresses(dig.udp("8.100.51.198." + slug + BASE, Type.A)))
        .containsExactly("127.0.0.2");

    Response listed = api.get(entries + "?list=exclude");
    assertThat(listed.json().get("total").asLong()).isEqualTo(1);
    assertThat(listed.json().get("items").get(0).get("value").asString()).isEqualTo("198.51.100.7");

    Response lookup = api.get("/api/v1/accounts/" + slug + "/lookup?q=198.51.100.7");
    assertThat(lookup.json().get("winner").get("entry").get("list").asString())
        .isEqualTo("exclude");
    assertThat(lookup.json().get("why").asString())
        .startsWith(
            "Not listed: excluded by exclude 198.51.100.7 of the account, which beat block"
                + " 198.51.100.0/24 of the account.");

    Response coded =
        api.post(
            entries, Map.of("list", "exclude", "value", "198.51.100.9", "returnCode", "127.0.0.3"));
    assertThat(coded.status()).isEqualTo(400);
    assertThat(coded.body()).contains("an exclusion answers nothing");
  }

  @Test
  void writesAndDeletesAreNeverStaleInDns() {
    String name = "9.113.0.203." + slug + BASE;
    long serial = serial();
    for (int i = 0; i < 100; i++) {
      String code = "127.0.0." + (2 + i % 200);
      assertThat(
              api.put(entries, Map.of("list", "block", "value", "203.0.113.9", "returnCode", code))
                  .status())
          .isIn(200, 201);
      assertThat(Dig.addresses(dig.udp(name, Type.A))).containsExactly(code);
      assertThat(api.delete(entries + "?list=block&value=203.0.113.9").status()).isEqualTo(204);
      assertThat(Dig.rcode(dig.udp(name, Type.A))).isEqualTo("NXDOMAIN");
      long now = serial();
      assertThat(now).isGreaterThan(serial);
      serial = now;
    }
  }

  @Test
  void deleteByIdAndByValue() {
    long id =
        api.post(entries, Map.of("list", "block", "value", "198.51.100.0/24"))
            .json()
            .get("id")
            .asLong();
    api.post(entries, Map.of("list", "block", "value", ".spam.example"));

    assertThat(api.delete(entries + "/" + id).status()).isEqualTo(204);
    assertThat(api.delete(entries + "/" + id).status()).isEqualTo(404);
    assertThat(api.delete(entries + "?list=block&value=.SPAM.example.").status()).isEqualTo(204);
    assertThat(api.delete(entries + "?list=block&value=.spam.example").status()).isEqualTo(404);
    assertThat(api.get(entries).json().get("total").asLong()).isZero();
  }

  @Test
  void ttlExpiresTheEntryAndRelistingRevivesIt() {
    String name = "66.2.0.192." + slug + BASE;
    api.put(entries, Map.of("list", "block", "value", "192.0.2.66", "ttl", 1));
    assertThat(Dig.rcode(dig.udp(name, Type.A))).isEqualTo("NOERROR");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "NXDOMAIN".equals(Dig.rcode(dig.udp(name, Type.A))));
    JsonNode expired = api.get(entries + "?state=expired").json();
    assertThat(expired.get("total").asLong()).isEqualTo(1);
    assertThat(expired.get("items").get(0).get("active").asBoolean()).isFalse();

    assertThat(
            api.put(entries, Map.of("list", "block", "value", "192.0.2.66", "ttl", 600)).status())
        .isEqualTo(200);
    assertThat(Dig.rcode(dig.udp(name, Type.A))).isEqualTo("NOERROR");
  }

  @Test
  void listFiltersAndPages() {
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      batch.add(Map.of("list", "block", "value", "10.9.0." + i));
    }
    batch.add(Map.of("list", "allow", "value", "10.9.0.1"));
    batch.add(Map.of("list", "block", "value", "*.phish.example", "reason", "phishing"));
    api.post(entries + "/bulk", Map.of("entries", batch));

    JsonNode page = api.get(entries + "?list=block&type=ipv4&size=10&page=2").json();
    assertThat(page.get("total").asLong()).isEqualTo(30);
    assertThat(page.get("items").size()).isEqualTo(10);
    assertThat(api.get(entries + "?list=allow").json().get("total").asLong()).isEqualTo(1);
    assertThat(api.get(entries + "?type=domain").json().get("total").asLong()).isEqualTo(1);
    assertThat(api.get(entries + "?q=PHISHING").json().get("total").asLong()).isEqualTo(1);
    assertThat(api.get(entries + "?source=api&state=active").json().get("total").asLong())
        .isEqualTo(32);
    assertThat(api.get(entries + "?size=5000").status()).isEqualTo(400);
    assertThat(api.get(entries + "?state=sleeping").status()).isEqualTo(400);
  }

  @Test
  void bulkCountsAndIsIdempotent() {
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      batch.add(
          Map.of("list", "block", "value", "10.50." + (i / 250) + "." + i % 250, "ttl", 3600));
    }

    JsonNode first = api.post(entries + "/bulk", Map.of("entries", batch)).json();
    JsonNode second = api.post(entries + "/bulk", Map.of("entries", batch.subList(0, 100))).json();

    assertThat(first.get("created").asInt()).isEqualTo(5000);
    assertThat(second.get("created").asInt()).isZero();
    assertThat(second.get("updated").asInt() + second.get("unchanged").asInt()).isEqualTo(100);
    assertThat(Dig.rcode(dig.udp("249.19.50.10." + slug + BASE, Type.A))).isEqualTo("NOERROR");
  }

  @Test
  void bulkWithBadLinesNamesEveryOneAndStoresNothing() {
    List<Map<String, Object>> batch =
        List.of(
            Map.of("list", "block", "value", "192.0.2.1"),
            Map.of("list", "block", "value", "192.0.2.300"),
            Map.of("list", "block", "value", "192.0.2.3"),
            Map.of("list", "deny", "value", "10.1.2.3/24"),
            Map.of("list", "block", "value", "192.0.2.5", "returnCode", "10.0.0.2"));

    Response response = api.post(entries + "/bulk", Map.of("entries", batch));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    JsonNode errors = response.json().get("errors");
    List<String> lines = new ArrayList<>();
    errors.forEach(e -> lines.add(e.get("line").asInt() + " " + e.get("field").asString()));
    assertThat(lines).containsExactly("2 value", "4 list", "4 value", "5 returnCode");
    assertThat(response.body()).contains("192.0.2.300").contains("host bits set");
    assertThat(api.get(entries).json().get("total").asLong()).isZero();
  }

  @Test
  void bulkOfMoreThan100000EntriesIsRefused() {
    List<Map<String, Object>> batch = new ArrayList<>();
    Map<String, Object> one = Map.of("list", "block", "value", "192.0.2.1");
    for (int i = 0; i <= 100_000; i++) {
      batch.add(one);
    }

    Response response = api.post(entries + "/bulk", Map.of("entries", batch));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("at most 100000");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad address        | {\"list\":\"block\",\"value\":\"1.2.3.256\"}                  | value",
        "host bits          | {\"list\":\"block\",\"value\":\"10.1.2.3/24\"}                | value",
        "missing value      | {\"list\":\"block\"}                                          | value",
        "missing list       | {\"value\":\"192.0.2.1\"}                                     | list",
        "code outside 127/8 | {\"list\":\"block\",\"value\":\"192.0.2.1\",\"returnCode\":\"10.0.0.2\"} | returnCode",
        "past expiry        | {\"list\":\"block\",\"value\":\"192.0.2.1\",\"expiresAt\":\"2001-01-01T00:00:00Z\"} | expiresAt",
        "zero ttl           | {\"list\":\"block\",\"value\":\"192.0.2.1\",\"ttl\":0}        | ttl",
        "ttl and expiry     | {\"list\":\"block\",\"value\":\"192.0.2.1\",\"ttl\":5,\"expiresAt\":\"2099-01-01T00:00:00Z\"} | ttl",
        "control character  | {\"list\":\"block\",\"value\":\"192.0.2.1\",\"reason\":\"a\\u0007b\"} | reason",
        "unknown field      | {\"list\":\"block\",\"value\":\"192.0.2.1\",\"colour\":\"red\"} | colour",
        "wrong type         | {\"list\":\"block\",\"value\":\"192.0.2.1\",\"ttl\":\"soon\"}  | ttl",
      })
  void badInputIsA400NamingTheFieldAndStoresNothing(String what, String body, String field) {
    Response response = api.put(entries, body);

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.body()).contains(field);
    assertThat(api.get(entries).json().get("total").asLong()).isZero();
  }

  @Test
  void malformedJsonIsA400() {
    Response response = api.put(entries, "{\"list\":\"block\",");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void concurrentUpsertsOfOneValueEndWithOneEntry() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        calls.add(
            pool.submit(
                () -> api.put(entries, Map.of("list", "block", "value", "192.0.2.99")).status()));
      }
      Map<Integer, Integer> statuses = new HashMap<>();
      for (Future<Integer> call : calls) {
        statuses.merge(call.get(), 1, Integer::sum);
      }
      assertThat(statuses).containsEntry(201, 1).containsEntry(200, 63);
    } finally {
      pool.shutdownNow();
    }
    assertThat(api.get(entries + "?q=192.0.2.99").json().get("total").asLong()).isEqualTo(1);
  }

  @Test
  void writesByNameReachAnAccountCreatedAgainUnderTheSameSlug() {
    api.put(entries, Map.of("list", "block", "value", "192.0.2.61"));
    long gone = accounts.accountBySlug(slug).getId();
    accounts.deleteAccount(gone, ACTOR);
    // A deleted account's labels stay reserved to it until an operator frees them.
    retired.all().stream()
        .filter(label -> label.getAccountId() == gone)
        .forEach(label -> retired.free(label.getZoneLabel(), ACTOR));
    long again = accounts.createAccount(slug, null, ACTOR).getId();
    ApiClient fresh = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, again, true));

    Response put = fresh.put(entries, Map.of("list", "block", "value", "192.0.2.62"));
    Response delete = fresh.delete(entries + "?list=block&value=192.0.2.61");

    assertThat(put.status()).isEqualTo(201);
    assertThat(delete.status()).isEqualTo(404);
    assertThat(Dig.rcode(dig.udp("62.2.0.192." + slug + BASE, Type.A))).isEqualTo("NOERROR");
    assertThat(Dig.rcode(dig.udp("61.2.0.192." + slug + BASE, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(fresh.get(entries).json().get("total").asLong()).isEqualTo(1);
  }

  @Test
  void deleteByIdOfAnotherScopesEntryIsNotFoundAndKeepsIt() {
    long id =
        api.put(
                "/api/v1/accounts/" + slug + "/servers/mx1/entries",
                Map.of("list", "block", "value", "192.0.2.63"))
            .json()
            .get("id")
            .asLong();

    Response delete = api.delete(entries + "/" + id);

    assertThat(delete.status()).isEqualTo(404);
    assertThat(delete.body()).contains("entry " + id + " not found in " + slug);
    assertThat(Dig.rcode(dig.udp("63.2.0.192." + slug + "-mx1" + BASE, Type.A)))
        .isEqualTo("NOERROR");
  }

  @Test
  void lookupShowsTheDnsAnswerTheWinnerAndWhatItBeat() {
    api.put(entries, Map.of("list", "block", "value", "198.51.100.0/24", "reason", "range $"));
    api.put(entries, Map.of("list", "allow", "value", "198.51.100.0/25"));
    api.put(
        "/api/v1/accounts/" + slug + "/servers/mx1/entries",
        Map.of(
            "list",
            "block",
            "value",
            "198.51.100.7",
            "returnCode",
            "127.0.0.9",
            "reason",
            "mx1 $"));

    JsonNode onServer =
        api.get("/api/v1/accounts/" + slug + "/servers/mx1/lookup?q=198.51.100.7").json();
    JsonNode onAccount = api.get("/api/v1/accounts/" + slug + "/lookup?q=198.51.100.7").json();

    assertThat(onServer.get("answers").get("bl").get("addresses").get(0).asString())
        .isEqualTo("127.0.0.9");
    assertThat(onServer.get("answers").get("bl").get("texts").get(0).asString())
        .isEqualTo("mx1 198.51.100.7");
    assertThat(onServer.get("winner").get("entry").get("value").asString())
        .isEqualTo("198.51.100.7");
    assertThat(onServer.get("winner").get("serverEntry").asBoolean()).isTrue();
    assertThat(onServer.get("beaten").size()).isEqualTo(2);
    assertThat(onServer.get("beaten").get(0).get("entry").get("value").asString())
        .isEqualTo("198.51.100.0/25");
    assertThat(onAccount.get("answers").get("bl").get("rcode").asString()).isEqualTo("NXDOMAIN");
    assertThat(onAccount.get("answers").get("wl").get("addresses").get(0).asString())
        .isEqualTo("127.0.0.2");
    assertThat(onAccount.get("winner").get("entry").get("list").asString()).isEqualTo("allow");
    assertThat(api.get("/api/v1/accounts/" + slug + "/lookup?q=10.0.0.0/8").status())
        .isEqualTo(400);
  }

  @Test
  void auditRecordsTheTokenAndClientAddress() {
    api.put(entries, Map.of("list", "block", "value", "192.0.2.77"));
    api.delete(entries + "?list=block&value=192.0.2.77");

    JsonNode audit = api.get("/api/v1/accounts/" + slug + "/audit?type=entry").json();

    assertThat(audit.get("total").asLong()).isEqualTo(2);
    JsonNode deleted = audit.get("items").get(0);
    assertThat(deleted.get("action").asString()).isEqualTo("DELETE");
    assertThat(deleted.get("actor").asString()).matches("token:test token \\d+#\\d+");
    assertThat(deleted.get("clientIp").asString()).isEqualTo("127.0.0.1");
    assertThat(deleted.get("source").asString()).isEqualTo("api");
    assertThat(deleted.get("before").asString()).contains("192.0.2.77");
  }

  @Test
  void aBulkWriteIsOneAuditEventWhoseItemsArePagedByTheApi() {
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      batch.add(Map.of("list", "block", "value", "10.7." + (i / 100) + "." + (i % 100)));
    }
    api.post(entries + "/bulk", Map.of("entries", batch));

    JsonNode audit = api.get("/api/v1/accounts/" + slug + "/audit?type=entry").json();
    assertThat(audit.get("total").asLong()).isEqualTo(1);
    JsonNode event = audit.get("items").get(0);
    assertThat(event.get("itemCount").asInt()).isEqualTo(250);
    assertThat(event.get("action").asString()).isEqualTo("CREATE");
    long id = event.get("id").asLong();

    String items = "/api/v1/accounts/" + slug + "/audit/" + id + "/items?size=100";
    List<String> summaries = new ArrayList<>();
    JsonNode page = api.get(items).json();
    int pages = 1;
    page.get("items").forEach(item -> summaries.add(item.get("summary").asString()));
    while (!page.get("nextAfter").isNull()) {
      page = api.get(items + "&after=" + page.get("nextAfter").asInt()).json();
      page.get("items").forEach(item -> summaries.add(item.get("summary").asString()));
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(page.get("total").asInt()).isEqualTo(250);
    assertThat(summaries).hasSize(250).doesNotHaveDuplicates();
    assertThat(summaries).allMatch(summary -> summary.startsWith("block 10.7."));
    assertThat(api.get("/api/v1/accounts/" + slug + "/audit/" + (id + 100000) + "/items").status())
        .isEqualTo(404);
  }

  private long serial() {
    Message soa = dig.udp(slug + BASE, Type.SOA);
    return ((SOARecord) soa.getSection(Section.ANSWER).get(0)).getSerial();
  }
}
