package dev.palisade.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.ApiTokens;
import dev.palisade.support.ApiClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** API bodies over {@code palisade.api.max-body-size} are refused with 413, declared or chunked. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.api.max-body-size=2KB")
@ActiveProfiles("test")
class BodySizeLimitIT {

  private static final String BIG = "{\"name\":\"" + "x".repeat(5000) + "\"}";

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;

  @Test
  void declaredOversizeBodyIsRefusedBeforeAuthentication() {
    ApiClient.Response response = ApiClient.on(port).post("/api/v1/tokens", BIG);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("detail").asString()).contains("2048 bytes");
  }

  @Test
  void chunkedOversizeBodyIsRefusedWhileBeingRead() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
            .header("Authorization", "Bearer " + ApiClient.operatorToken(tokens))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(BIG.getBytes(StandardCharsets.UTF_8))))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  @Test
  void bodyWithinTheLimitPasses() {
    ApiClient operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));

    assertThat(operator.post("/api/v1/tokens", "{\"name\":\"small\",\"operator\":true}").status())
        .isEqualTo(201);
  }
}
