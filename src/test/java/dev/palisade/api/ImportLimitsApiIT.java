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
import java.util.Arrays;
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

/**
 * The REST API's {@code /import} under {@code palisade.imports.*} limits, set low here: inputs that
 * are too large decompressed, have too many lines or entries are refused with 413 and a message
 * naming the limit; too many bad lines stop the reading with the first ones listed; gzip that
 * cannot be inflated is a 400. Nothing of a refused import is stored.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "palisade.imports.max-decompressed-size=1MB",
      "palisade.imports.max-lines=50000",
      "palisade.imports.max-entries=1000",
      "palisade.imports.max-bad-lines=100"
    })
@ActiveProfiles("test")
class ImportLimitsApiIT {

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;

  private String slug;
  private String token;
  private Dig dig;

  @BeforeEach
  void setUp() {
    slug = "lim" + ACCOUNTS.incrementAndGet();
    long id = accounts.createAccount(slug, null, Actor.system("test")).getId();
    token = ApiClient.accountToken(tokens, id, true);
    dig = new Dig(dnsServer.port());
  }

  @Test
  void gzipBombIsRefusedWith413NamingTheDecompressedLimit() throws Exception {
    // 32 MiB in long comment lines (under the limits of lines and entries), about 100 KB
    // compressed.
    byte[] bomb = gzip("192.0.2.1\n" + ("#" + "x".repeat(1022) + "\n").repeat(32 * 1024));
    assertThat(bomb.length).isLessThan(200_000);

    HttpResponse<String> response = post("/import?format=lines&list=block", bomb);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(contentType(response)).startsWith("application/problem+json");
    assertThat(detail(response))
        .contains("larger than the limit of 1048576 bytes decompressed")
        .contains("palisade.imports.max-decompressed-size");
    assertNotListed("1.2.0.192");
  }

  @Test
  void uncompressedBodyCountsAgainstTheSameLimit() throws Exception {
    byte[] plain = "# a comment of forty bytes, no entries\n".repeat(30_000).getBytes();

    HttpResponse<String> response = post("/import?format=lines&list=block", plain);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(detail(response)).contains("1048576 bytes decompressed");
  }

  @Test
  void manyNewlinesAreRefusedWith413NamingTheLineLimit() throws Exception {
    byte[] newlines = gzip("\n".repeat(60_000));

    HttpResponse<String> response = post("/import?format=lines&list=block", newlines);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(detail(response))
        .contains("more than 50000 lines")
        .contains("palisade.imports.max-lines");
  }

  @Test
  void tooManyEntriesAreRefusedWith413AndNothingIsStored() throws Exception {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      file.append("10.0.").append(i / 256).append('.').append(i % 256).append('\n');
    }

    HttpResponse<String> response = post("/import?format=lines&list=block", gzip(file.toString()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(detail(response))
        .contains("more than 1000 entries")
        .contains("palisade.imports.max-entries");
    assertNotListed("0.0.0.10");
  }

  @Test
  void rbldnsdRangesCountTheEntriesTheyExpandTo() throws Exception {
    // 40 lines, but ip4set splits each range into about 30 networks, one entry each.
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      file.append("10.").append(i).append(".0.1-10.").append(i).append(".255.254\n");
    }

    HttpResponse<String> response =
        post("/import?format=ip4set&list=block", file.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(detail(response)).contains("more than 1000 entries");
  }

  @Test
  void exactlyTheLimitsPass() throws Exception {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      file.append("10.1.").append(i / 256).append('.').append(i % 256).append('\n');
    }

    HttpResponse<String> response = post("/import?format=lines&list=block", gzip(file.toString()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("created").asInt()).isEqualTo(1000);
  }

  @Test
  void tooManyBadLinesStopTheReadingAndTheFirstOnesAreListed() throws Exception {
    StringBuilder file = new StringBuilder("192.0.2.7\n");
    for (int i = 1; i <= 20_000; i++) {
      file.append("bad/").append(i).append('\n');
    }

    HttpResponse<String> response = post("/import?format=lines&list=block", gzip(file.toString()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "more than 100 bad lines; reading stopped at line 102"
                + " (palisade.imports.max-bad-lines); nothing was imported");
    assertThat(problem.get("errors")).hasSize(101);
    assertThat(problem.get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(problem.get("errors").get(0).get("message").asString()).contains("bad/1");
    assertNotListed("7.2.0.192");
  }

  @Test
  void tooManyBadLinesInAnRbldnsdFileStopTheReadingToo() throws Exception {
    HttpResponse<String> response =
        post("/import?format=ip4trie&list=block", "300.1.2.3\n".repeat(20_000).getBytes());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(detail(response)).startsWith("more than 100 bad lines; reading stopped at line 101");
  }

  @Test
  void truncatedGzipIsABadRequestSayingSo() throws Exception {
    byte[] whole = gzip("192.0.2.8\n198.51.100.8\n".repeat(400));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    HttpResponse<String> response = post("/import?format=lines&list=block", truncated);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(detail(response)).contains("body").contains("gzip").contains("ends too early");
    assertNotListed("8.2.0.192");
  }

  @Test
  void bytesWithGzipsMagicThatAreNotGzipAreABadRequest() throws Exception {
    byte[] fake = new byte[64];
    fake[0] = 0x1f;
    fake[1] = (byte) 0x8b;
    byte[] text = "this is not deflate data at all\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, fake, 2, text.length);

    HttpResponse<String> response = post("/import?format=lines&list=block", fake);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(detail(response)).contains("body").contains("not valid gzip data");
  }

  private void assertNotListed(String reversed) throws Exception {
    assertThat(Dig.rcode(dig.udp(reversed + "." + slug + ".bl.rbl.palisade.test", Type.A)))
        .as("nothing of the refused import was stored")
        .isEqualTo("NXDOMAIN");
  }

  private static String detail(HttpResponse<String> response) {
    return JSON.readTree(response.body()).get("detail").asString();
  }

  private static String contentType(HttpResponse<String> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/accounts/" + slug + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
