package dev.palisade.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.ApiTokens;
import dev.palisade.account.TokenAuthentication;
import dev.palisade.support.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Who gets through the API's door, over real HTTP: a valid bearer token, and nothing else. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiSecurityIT {

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired TokenAuthentication authentication;

  private ApiClient api;

  @BeforeEach
  void client() {
    api = ApiClient.on(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/tokens", "/api/v1/no-such-thing", "/api/other"})
  void requestWithoutTokenIsUnauthorizedProblemWithBearerChallenge(String path) {
    ApiClient.Response response = api.get(path);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"palisade\"");
    assertThat(response.json().get("status").asInt()).isEqualTo(401);
    assertThat(response.json().get("title").asString()).isEqualTo("Unauthorized");
    assertThat(response.json().get("detail").asString()).contains("Authorization: Bearer");
    assertThat(response.json().get("instance").asString()).isEqualTo(path);
  }

  @Test
  void postWithoutTokenIsUnauthorizedNotForbidden() {
    ApiClient.Response response = api.post("/api/v1/tokens", "{\"name\":\"x\"}");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "short",
        "not a token at all, with spaces and more than thirty-two characters"
      })
  void unknownTokenIsUnauthorizedWithInvalidTokenError(String secret) {
    ApiClient.Response response = api.withToken(secret).get("/api/v1/tokens");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.header("WWW-Authenticate"))
        .startsWith("Bearer realm=\"palisade\", error=\"invalid_token\"");
    assertThat(response.json().get("detail").asString()).contains("unknown or revoked");
  }

  @Test
  void revokedTokenIsUnauthorized() {
    String secret = ApiClient.operatorToken(tokens);
    assertThat(api.withToken(secret).get("/api/v1/tokens").status()).isEqualTo(200);

    long id = authentication.authenticate(secret).orElseThrow().id();
    tokens.revoke(id);

    ApiClient.Response response = api.withToken(secret).get("/api/v1/tokens");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void otherAuthorizationSchemesAreNotAccepted() throws Exception {
    String secret = ApiClient.operatorToken(tokens);

    HttpResponse<String> basic = raw("/api/v1/tokens", "Basic " + secret);
    HttpResponse<String> bearerish = raw("/api/v1/tokens", "Bearerx " + secret);
    HttpResponse<String> lowerCase = raw("/api/v1/tokens", "bearer " + secret);

    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(bearerish.statusCode()).isEqualTo(401);
    // RFC 9110 §11.1: the scheme is case-insensitive.
    assertThat(lowerCase.statusCode()).isEqualTo(200);
  }

  @Test
  void validTokenSetsNoSessionCookie() {
    ApiClient.Response response =
        api.withToken(ApiClient.operatorToken(tokens)).get("/api/v1/tokens");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Set-Cookie")).isNull();
  }

  @Test
  void healthAndOpenApiDocumentsArePublic() {
    assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    assertThat(api.get("/v3/api-docs").status()).isEqualTo(200);
    assertThat(api.get("/swagger-ui.html").status()).isIn(200, 302);
  }

  @Test
  void openApiDescriptionDeclaresTheBearerScheme() {
    ApiClient.Response docs = api.get("/v3/api-docs");

    assertThat(docs.json().at("/components/securitySchemes/apiToken/scheme").asString())
        .isEqualTo("bearer");
    assertThat(docs.json().at("/paths").has("/api/v1/tokens")).isTrue();
  }

  @Test
  void pagesOutsideTheApiLeadToTheSignInFormWithoutABasicPrompt() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts"))
                    .header("Accept", "text/html")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void aBearerTokenDoesNotOpenTheWebUi() throws Exception {
    HttpResponse<String> response = raw("/accounts", "Bearer " + ApiClient.operatorToken(tokens));

    assertThat(response.statusCode()).isIn(302, 401, 403);
    assertThat(response.body()).doesNotContain("Sign out");
  }

  private HttpResponse<String> raw(String path, String authorization) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
