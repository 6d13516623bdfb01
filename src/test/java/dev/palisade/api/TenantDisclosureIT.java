package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.AccountMembers;
import dev.palisade.account.AccountRole;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.Users;
import dev.palisade.audit.Actor;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What one tenant can learn of another, and what names can carry: a server-bound token does not see
 * its account's (possibly secret) zone label; a name another account holds is refused as any
 * unavailable name is; names with control or bidirectional characters are refused, over the API and
 * in the web forms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantDisclosureIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final String PASSWORD = "a long enough password";
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired AccountMembers members;
  @Autowired Users users;

  private ApiClient dora;
  private ApiClient doraMx1;
  private ApiClient operator;

  @BeforeAll
  void twoAccounts() {
    long doraId = accounts.createAccount("dora", null, ACTOR).getId();
    long mx1 = accounts.createServer(doraId, "mx1", ACTOR).getId();
    accounts.createServer(doraId, "mx2", ACTOR);
    long eveId = accounts.createAccount("eve", null, ACTOR).getId();
    // A password set by someone else must be replaced before anything else: dora has done so.
    long doraAdmin =
        members
            .createMember("dora-admin", "given-to-dora-1", doraId, AccountRole.Role.ADMIN, ACTOR)
            .getId();
    users.changePassword(doraAdmin, "given-to-dora-1", PASSWORD, ACTOR);
    members.createMember("dora-viewer", PASSWORD, doraId, AccountRole.Role.VIEWER, ACTOR);
    members.createMember("eve-viewer", PASSWORD, eveId, AccountRole.Role.VIEWER, ACTOR);
    dora = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, doraId, true));
    doraMx1 = ApiClient.on(port).withToken(ApiClient.serverToken(tokens, doraId, mx1, true));
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    dora.post("/api/v1/accounts/dora/zone-label", Map.of());
  }

  @Test
  void serverBoundTokenDoesNotSeeTheAccountsZoneLabel() {
    String secretLabel =
        dora.get("/api/v1/accounts/dora").json().get("scope").get("zoneLabel").asString();

    Response one = doraMx1.get("/api/v1/accounts/dora");
    Response list = doraMx1.get("/api/v1/accounts");

    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("scope").isNull()).as(one.body()).isTrue();
    assertThat(one.json().get("servers").get(0).get("scope").get("zoneLabel").asString())
        .isEqualTo("dora-mx1");
    assertThat(one.body()).doesNotContain(secretLabel);
    assertThat(list.body()).doesNotContain(secretLabel);
  }

  @Test
  void aLabelAnotherAccountHoldsIsRefusedAsOnesOwnIs() {
    Response others =
        dora.post("/api/v1/accounts/dora/servers/mx1/zone-label", Map.of("label", "eve"));
    Response own =
        dora.post("/api/v1/accounts/dora/servers/mx1/zone-label", Map.of("label", "dora-mx2"));

    assertThat(others.status()).isEqualTo(409);
    assertThat(others.body()).isEqualTo(own.body());
    assertThat(others.body()).doesNotContain("eve").doesNotContain("already");
  }

  @Test
  void aUserNameAnotherAccountHoldsIsRefusedAsOnesOwnIs() throws Exception {
    HttpClient admin = signIn("dora-admin");

    String others = addMember(admin, "eve-viewer");
    String own = addMember(admin, "dora-viewer");

    assertThat(errorOf(others)).isEqualTo(errorOf(own)).contains("not available");
    assertThat(others).doesNotContain("already exists");
  }

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(strings = {"0000", "000A", "000D", "202E", "2066", "200F"})
  void tokenAndAccountNamesWithControlOrBidiCharactersAreRefused(String hex) throws Exception {
    String name = "fail2ban" + Character.toString(Integer.parseInt(hex, 16)) + "mx1";

    Response token = dora.post("/api/v1/tokens", Map.of("name", name, "account", "dora"));
    Response rename = operator.patch("/api/v1/accounts/dora", Map.of("name", name));
    Response create = operator.post("/api/v1/accounts", Map.of("slug", "zed", "name", name));
    String form = createTokenInForm(signIn("dora-admin"), name);

    for (Response response : new Response[] {token, rename, create}) {
      assertThat(response.status()).as(response.toString()).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.body()).contains("control or formatting characters", "U+" + hex);
    }
    assertThat(form).contains("control or formatting characters").doesNotContain("secret");
    assertThat(dora.get("/api/v1/tokens").body()).doesNotContain("fail2ban\\u");
    assertThat(operator.get("/api/v1/accounts/zed").status()).isEqualTo(404);
    assertThat(operator.get("/api/v1/accounts/dora").json().get("name").asString())
        .isEqualTo("dora");
  }

  @Test
  void overLongTokenNamesAreRefused() {
    Response token =
        dora.post("/api/v1/tokens", Map.of("name", "x".repeat(101), "account", "dora"));

    assertThat(token.status()).isEqualTo(400);
  }

  private HttpClient signIn(String username) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    String page =
        post(
            http,
            "/login",
            "username=" + username + "&password=" + encode(PASSWORD),
            get(http, "/login"));
    assertThat(page).contains("Sign out");
    return http;
  }

  private String addMember(HttpClient http, String username) throws Exception {
    String page = get(http, "/accounts/dora/users");
    return post(
        http,
        "/accounts/dora/users",
        "username=" + username + "&password=" + encode(PASSWORD) + "&role=VIEWER",
        page);
  }

  private String createTokenInForm(HttpClient http, String name) throws Exception {
    String page = get(http, "/accounts/dora/tokens");
    return post(
        http, "/accounts/dora/tokens", "name=" + encode(name) + "&server=&write=true", page);
  }

  /** The page's error messages, without the echo of what was typed. */
  private static String errorOf(String page) {
    Matcher error = Pattern.compile("class=\"field-error\"[^>]*>([^<]*)<").matcher(page);
    StringBuilder errors = new StringBuilder();
    while (error.find()) {
      errors.append(error.group(1)).append('\n');
    }
    return errors.toString();
  }

  private String get(HttpClient http, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String post(HttpClient http, String path, String form, String pageWithCsrf)
      throws Exception {
    Matcher csrf = CSRF.matcher(pageWithCsrf);
    assertThat(csrf.find()).as(pageWithCsrf).isTrue();
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + encode(csrf.group(1))))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
