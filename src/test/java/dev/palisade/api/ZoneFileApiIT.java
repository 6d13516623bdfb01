package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.Dig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Import and export of rbldnsd data files through the REST API, checked through DNS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ZoneFileApiIT {

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;

  private String slug;
  private String token;
  private Dig dig;

  @BeforeEach
  void setUp() {
    slug = "zf" + ACCOUNTS.incrementAndGet();
    long id = accounts.createAccount(slug, null, Actor.system("test")).getId();
    accounts.createServer(id, "mx1", Actor.system("test"));
    token = ApiClient.accountToken(tokens, id, true);
    dig = new Dig(dnsServer.port());
  }

  @Test
  void importedFileAnswersInDnsWithExclusionsAsHoles() throws Exception {
    String file =
        """
        $SOA 3600 ns.example.net hostmaster.example.net 0 600 300 86400 60
        :127.0.0.3:Listed: $
        198.51.100.0/24
        !198.51.100.25
        203.0.113.7 :5:Open relay $
        """;
    HttpResponse<String> response = send("POST", "/import?format=ip4set&list=block", file);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = JsonMapper.builder().build().readTree(response.body());
    assertThat(result.get("entries").asInt()).isEqualTo(3);
    assertThat(result.get("created").asInt()).isEqualTo(3);
    assertThat(result.get("directives").get(0).get("soa").get("origin").asString())
        .isEqualTo("ns.example.net");
    String zone = "." + slug + ".bl.rbl.palisade.test";
    assertThat(Dig.addresses(dig.udp("1.100.51.198" + zone, Type.A))).containsExactly("127.0.0.3");
    assertThat(Dig.texts(dig.udp("1.100.51.198" + zone, Type.TXT)))
        .containsExactly("Listed: 198.51.100.1");
    assertThat(Dig.rcode(dig.udp("25.100.51.198" + zone, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(Dig.texts(dig.udp("7.113.0.203" + zone, Type.TXT)))
        .containsExactly("Open relay 203.0.113.7");
  }

  /**
   * An rbldnsd {@code !} line says "not listed here", not "trusted": with {@code
   * permit_dnswl_client} first, an address the allow list answers for skips every later check. So
   * the excluded address answers NXDOMAIN in the block list and in the allow list, over UDP and
   * TCP.
   */
  @Test
  void anExclusionInABlockListFileUnlistsTheAddressWithoutAllowingIt() throws Exception {
    HttpResponse<String> response =
        send(
            "POST", "/import?format=ip4set&list=block&confirmWide=true", "10.0.0.0/8\n!10.1.2.3\n");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    for (String zone : new String[] {slug, slug + "-mx1"}) {
      String bl = "3.2.1.10." + zone + ".bl.rbl.palisade.test";
      String wl = "3.2.1.10." + zone + ".wl.rbl.palisade.test";
      assertThat(Dig.rcode(dig.udp(bl, Type.A))).as(bl).isEqualTo("NXDOMAIN");
      assertThat(Dig.rcode(dig.tcp(bl, Type.A))).as(bl).isEqualTo("NXDOMAIN");
      assertThat(Dig.rcode(dig.udp(wl, Type.A))).as(wl + " is not allowed").isEqualTo("NXDOMAIN");
      assertThat(Dig.rcode(dig.tcp(wl, Type.TXT))).as(wl).isEqualTo("NXDOMAIN");
      assertThat(Dig.addresses(dig.udp("4.2.1.10." + zone + ".bl.rbl.palisade.test", Type.A)))
          .containsExactly("127.0.0.2");
    }
  }

  /**
   * In an allow-list file, {@code !} takes the address out of the allow list, and blocks nothing.
   */
  @Test
  void anExclusionInAnAllowListFileUnlistsTheAddressWithoutBlockingIt() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/servers/mx1/import?format=ip4trie&list=allow&confirmWide=true",
            "10.0.0.0/8\n!10.1.2.3\n");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    String zone = "." + slug + "-mx1";
    assertThat(Dig.rcode(dig.udp("3.2.1.10" + zone + ".wl.rbl.palisade.test", Type.A)))
        .isEqualTo("NXDOMAIN");
    assertThat(Dig.rcode(dig.udp("3.2.1.10" + zone + ".bl.rbl.palisade.test", Type.A)))
        .as("not blocked either")
        .isEqualTo("NXDOMAIN");
    assertThat(Dig.addresses(dig.udp("4.2.1.10" + zone + ".wl.rbl.palisade.test", Type.A)))
        .containsExactly("127.0.0.2");
  }

  /** What an export writes as {@code !} comes back as the same exclusion, answering the same. */
  @Test
  void anExportedExclusionImportsBackAsAnExclusion() throws Exception {
    assertThat(
            send(
                    "POST",
                    "/import?format=ip4trie&list=block&confirmWide=true",
                    "10.0.0.0/8 :3:Spam $\n!10.1.2.3\n")
                .statusCode())
        .isEqualTo(200);

    String exported = send("GET", "/export?format=ip4trie&list=block", null).body();

    assertThat(exported).contains("\n10.0.0.0/8 :127.0.0.3:Spam $\n").contains("\n!10.1.2.3\n");
    // The RFC 5782 test points every export starts with are no entries; the rest is.
    String data =
        exported
            .lines()
            .filter(line -> !line.startsWith("127.") && !line.startsWith("!127."))
            .map(line -> line + "\n")
            .reduce("", String::concat);
    HttpResponse<String> back =
        send("POST", "/servers/mx1/import?format=ip4trie&list=block&confirmWide=true", data);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    JsonNode entries =
        JsonMapper.builder()
            .build()
            .readTree(send("GET", "/servers/mx1/entries?list=exclude", null).body());
    assertThat(entries.toString())
        .contains("\"value\":\"10.1.2.3\"")
        .contains("\"list\":\"exclude\"");
    assertThat(
            send("GET", "/servers/mx1/export?format=ip4trie&list=block", null)
                .body()
                .lines()
                .filter(line -> !line.startsWith("#")))
        .as("the server's own export answers the same")
        .containsExactlyElementsOf(exported.lines().filter(line -> !line.startsWith("#")).toList());
  }

  @Test
  void fileWithBadLinesIsRejectedWholeWithEveryLineNumber() throws Exception {
    String file = "192.0.2.1\n10.0.0.999\n192.0.2.2\nnot-an-address\n";

    HttpResponse<String> response =
        send("POST", "/servers/mx1/import?format=ip4set&list=block", file);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = JsonMapper.builder().build().readTree(response.body());
    assertThat(problem.get("detail").asString()).isEqualTo("2 bad lines; nothing was imported");
    assertThat(problem.get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(problem.get("errors").get(1).get("line").asInt()).isEqualTo(4);
    assertThat(Dig.rcode(dig.udp("1.2.0.192." + slug + "-mx1.bl.rbl.palisade.test", Type.A)))
        .as("nothing of the file was stored")
        .isEqualTo("NXDOMAIN");
  }

  @Test
  void unknownFormatIsAProblemNamingTheField() throws Exception {
    HttpResponse<String> response = send("POST", "/import?format=generic&list=block", "x\n");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"format\"");
  }

  @Test
  void serverExportMergesTheAccountAndWritesAllowsInsideBlocksAsExclusions() throws Exception {
    assertThat(
            send("POST", "/import?format=ip4trie&list=block", "192.0.2.0/24 :3:Spam $\n")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send("POST", "/servers/mx1/import?format=ip4trie&list=allow", "192.0.2.20\n")
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> export =
        send("GET", "/servers/mx1/export?format=ip4trie&list=block", null);

    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(export.body())
        .contains("\n192.0.2.0/24 :127.0.0.3:Spam $\n")
        .contains("\n!192.0.2.20\n")
        .contains("\n127.0.0.2 :127.0.0.2:RFC 5782 test point");
    assertThat(send("GET", "/export?format=ip4trie&list=block", null).body())
        .as("the account's own zone has no hole")
        .doesNotContain("192.0.2.20");
  }

  @Test
  void csvAndGzipCompressedLinesImportLikeTheWebUiAndTheCommandLine() throws Exception {
    HttpResponse<String> csv =
        send(
            "POST",
            "/import?format=csv&list=block",
            "value,reason,return code,expires\n"
                + "192.0.2.40,\"Trap hit, twice: $\",127.0.0.6,\n"
                + "spam.example\n");
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(JsonMapper.builder().build().readTree(csv.body()).get("created").asInt())
        .isEqualTo(2);

    HttpResponse<String> lines =
        sendBytes(
            "/servers/mx1/import?format=lines&list=allow",
            gzip("# partners\n192.0.2.40 partner relay\n"));
    assertThat(lines.statusCode()).as(lines.body()).isEqualTo(200);

    String zone = "." + slug + ".bl.rbl.palisade.test";
    assertThat(Dig.addresses(dig.udp("40.2.0.192" + zone, Type.A))).containsExactly("127.0.0.6");
    assertThat(Dig.texts(dig.udp("40.2.0.192" + zone, Type.TXT)))
        .containsExactly("Trap hit, twice: 192.0.2.40");
    assertThat(Dig.rcode(dig.udp("spam.example." + slug + ".dbl.rbl.palisade.test", Type.A)))
        .isEqualTo("NOERROR");
    assertThat(Dig.rcode(dig.udp("40.2.0.192." + slug + "-mx1.bl.rbl.palisade.test", Type.A)))
        .as("the mail server's allow entry wins")
        .isEqualTo("NXDOMAIN");
  }

  @Test
  void combinedFileFeedsAddressesAndNamesAndRefusesOtherDatasetTypesByLine() throws Exception {
    String combined =
        """
        $DATASET ip4trie:relays @
        :3:Relay $
        203.0.113.64/29
        $DATASET dnset:names @
        .relay.example
        """;
    HttpResponse<String> good = send("POST", "/import?format=combined&list=block", combined);
    assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
    String base = "." + slug;
    assertThat(Dig.addresses(dig.udp("65.113.0.203" + base + ".bl.rbl.palisade.test", Type.A)))
        .containsExactly("127.0.0.3");
    assertThat(Dig.rcode(dig.udp("a.relay.example" + base + ".dbl.rbl.palisade.test", Type.A)))
        .isEqualTo("NOERROR");

    HttpResponse<String> bad =
        send(
            "POST",
            "/import?format=combined&list=block",
            combined + "$DATASET generic:www @\nwww A 127.0.0.8\n");
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode problem = JsonMapper.builder().build().readTree(bad.body());
    assertThat(problem.get("errors").get(0).get("line").asInt()).isEqualTo(6);
    assertThat(problem.get("errors").get(0).get("message").asString())
        .contains("dataset type 'generic' is not supported");
  }

  @Test
  void anImportRunAsAJobHasAStatusUrlThatEndsDoneWithTheResult() throws Exception {
    StringBuilder file = new StringBuilder(":127.0.0.2:Listed $\n");
    for (int i = 0; i < 5000; i++) {
      file.append("10.9.").append(i >> 8).append('.').append(i & 0xff).append('\n');
    }
    HttpResponse<String> accepted =
        sendBytes(
            "/import?format=ip4set&list=block&name=big.txt.gz&async=true", gzip(file.toString()));

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/api/v1/accounts/" + slug + "/import-jobs/");
    JsonNode status = json(get(location));
    for (int i = 0; i < 600 && !status.get("state").asString().matches("DONE|FAILED"); i++) {
      Thread.sleep(100);
      status = json(get(location));
    }
    assertThat(status.get("state").asString()).as(status.toString()).isEqualTo("DONE");
    assertThat(status.get("file").asString()).isEqualTo("big.txt.gz");
    assertThat(status.get("result").get("created").asInt()).isEqualTo(5000);
    assertThat(status.get("stored").asLong()).isEqualTo(5000);
    assertThat(Dig.rcode(dig.udp("7.19.9.10." + slug + ".bl.rbl.palisade.test", Type.A)))
        .isEqualTo("NOERROR");
  }

  @Test
  void aJobWithABadLineEndsFailedListingItAndStoresNothing() throws Exception {
    HttpResponse<String> accepted =
        send("POST", "/import?format=lines&list=block&async=true", "192.0.2.1\n192.0.2.300\n");
    String location = accepted.headers().firstValue("Location").orElseThrow();
    JsonNode status = json(get(location));
    for (int i = 0; i < 600 && !status.get("state").asString().matches("DONE|FAILED"); i++) {
      Thread.sleep(100);
      status = json(get(location));
    }

    assertThat(status.get("state").asString()).isEqualTo("FAILED");
    assertThat(status.get("error").asString()).contains("nothing was imported");
    assertThat(status.get("problems").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(Dig.rcode(dig.udp("1.2.0.192." + slug + ".bl.rbl.palisade.test", Type.A)))
        .isEqualTo("NXDOMAIN");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonMapper.builder().build().readTree(response.body());
  }

  private HttpResponse<String> sendBytes(String path, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/accounts/" + slug + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/accounts/" + slug + path))
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "text/plain");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
