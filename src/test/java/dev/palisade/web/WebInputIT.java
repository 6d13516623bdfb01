package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.BrowserTestBase;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The web UI over plain HTTP as a client without a browser sees it: the session cookie is {@code
 * SameSite=Lax}, the server listens on loopback unless told otherwise, and a bad parameter in a
 * form's address is a 400 page, not a 500.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = BrowserTestBase.OPERATOR_PASSWORD_PROPERTY)
@ActiveProfiles("test")
class WebInputIT {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

  @LocalServerPort int port;

  @Value("${server.address:}")
  String serverAddress;

  private final HttpClient http =
      HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

  @Test
  void theSessionCookieIsSameSiteLax() throws Exception {
    HttpResponse<String> signedIn = signIn();

    assertThat(signedIn.statusCode()).isEqualTo(302);
    assertThat(signedIn.headers().allValues("Set-Cookie"))
        .filteredOn(c -> c.startsWith("JSESSIONID="))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c).contains("SameSite=Lax").contains("HttpOnly"));
  }

  @Test
  void theServerListensOnLoopbackByDefault() {
    assertThat(serverAddress).isEqualTo("127.0.0.1");
  }

  @Test
  void aBadIdInAFormsAddressIsABadRequestPage() throws Exception {
    signIn();
    String csrf = csrf(get("/accounts").body());

    HttpResponse<String> response =
        post(
            "/accounts/nosuch/users/" + "x".repeat(5000) + "/role",
            "_csrf=" + csrf + "&role=VIEWER");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("x".repeat(101));
  }

  private HttpResponse<String> signIn() throws Exception {
    String csrf = csrf(get("/login").body());
    return post(
        "/login",
        "_csrf=" + csrf + "&username=admin&password=" + BrowserTestBase.OPERATOR_PASSWORD);
  }

  private static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return m.group(1);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
