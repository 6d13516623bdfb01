package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.BrowserTestBase;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The bulk page under {@code palisade.imports.*} limits, set low here: an upload that inflates past
 * the decompressed limit, or text with too many entries, is refused with 413 and the page says
 * which limit, in the browser and to a plain HTTP client; invalid gzip says so on the page.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      BrowserTestBase.OPERATOR_PASSWORD_PROPERTY,
      "palisade.imports.max-decompressed-size=1MB",
      "palisade.imports.max-entries=1000",
      "spring.servlet.multipart.max-file-size=2MB",
      "spring.servlet.multipart.max-request-size=2MB"
    })
class ImportLimitsUiIT extends BrowserTestBase {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

  @BeforeEach
  void account() {
    freshAccount("uilim");
  }

  @Test
  void aGzipBombUploadIsRefusedOnThePageNamingTheLimit() throws Exception {
    Path upload = Files.createTempFile("palisade-bomb-", ".txt.gz");
    Files.write(upload, gzip("192.0.2.1\n".repeat(3_200_000)));
    browser.signIn("admin", OPERATOR_PASSWORD);

    browser.open("/accounts/" + slug + "/entries/bulk");
    browser.select("scope", "").select("list", "block").select("format", "lines");
    browser.find(By.id("file")).sendKeys(upload.toAbsolutePath().toString());
    browser.click("preview");

    assertThat(browser.text())
        .contains("larger than the limit of 1048576 bytes decompressed")
        .contains("palisade.imports.max-decompressed-size");
    assertThat(browser.has(By.id("save-bulk"))).isFalse();
    browser.screenshot("05c-bulk-gzip-bomb");
    Files.delete(upload);
  }

  @Test
  void overHttpTheBombIs413AndTooManyEntries413AndBadGzip400() throws Exception {
    HttpClient http = operatorClient();
    String csrf = csrf(get(http, "/accounts/" + slug + "/entries/bulk").body());

    HttpResponse<String> bomb = upload(http, csrf, "", gzip("192.0.2.1\n".repeat(3_200_000)));
    assertThat(bomb.statusCode()).isEqualTo(413);
    assertThat(bomb.body()).contains("larger than the limit of 1048576 bytes decompressed");

    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      many.append("10.0.").append(i / 256).append('.').append(i % 256).append('\n');
    }
    HttpResponse<String> entries = upload(http, csrf, many.toString(), null);
    assertThat(entries.statusCode()).isEqualTo(413);
    assertThat(entries.body()).contains("more than 1000 entries");

    byte[] fake = "\u001f\u008bnot gzip".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> badGzip = upload(http, csrf, "", fake);
    assertThat(badGzip.statusCode()).isEqualTo(400);
    assertThat(badGzip.body()).contains("not valid gzip data");
  }

  @Test
  void anUploadOverTheMultipartLimitIs413WithAPageSayingSo() throws Exception {
    HttpClient http = operatorClient();
    String csrf = csrf(get(http, "/accounts/" + slug + "/entries/bulk").body());

    HttpResponse<String> big = upload(http, csrf, "", new byte[3 * 1024 * 1024]);

    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body())
        .contains("Too large")
        .contains("larger than the web UI accepts (spring.servlet.multipart.max-file-size");
  }

  /** A plain HTTP client with its own cookies, signed in as the operator through the form. */
  private HttpClient operatorClient() throws Exception {
    HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String csrf = csrf(get(http, "/login").body());
    post(
        http,
        "/login",
        "application/x-www-form-urlencoded",
        ("_csrf=" + csrf + "&username=admin&password=" + OPERATOR_PASSWORD).getBytes());
    return http;
  }

  private HttpResponse<String> upload(HttpClient http, String csrf, String text, byte[] file)
      throws Exception {
    String boundary = "----palisade" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String[][] fields = {
      {"_csrf", csrf},
      {"scope", ""},
      {"list", "block"},
      {"format", "lines"},
      {"expiresIn", ""},
      {"action", "preview"},
      {"text", text}
    };
    for (String[] field : fields) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + field[0]
                  + "\"\r\n\r\n"
                  + field[1]
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    if (file != null) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.gz\""
                  + "\r\nContent-Type: application/gzip\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.write(file);
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return post(
        http,
        "/accounts/" + slug + "/entries/bulk",
        "multipart/form-data; boundary=" + boundary,
        body.toByteArray());
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(HttpClient http, String path, String type, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", type)
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return m.group(1);
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
