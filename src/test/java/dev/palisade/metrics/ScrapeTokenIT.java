package dev.palisade.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The scrape token reads the metrics over real HTTP, and nothing else. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.metrics.scrape-token=" + ScrapeTokenIT.SCRAPE_TOKEN)
@ActiveProfiles("test")
class ScrapeTokenIT {

  static final String SCRAPE_TOKEN = "scrape-0123456789_abcdefghij.0123456789";

  @LocalServerPort int port;

  @Test
  void theScrapeTokenReadsTheMetrics() throws Exception {
    HttpResponse<String> scrape = get("/actuator/prometheus", SCRAPE_TOKEN);

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(Scrape.parse(scrape.body()).samplesOf("palisade_dns_requests_total")).hasSize(50);
  }

  @Test
  void theScrapeTokenOpensNothingElse() throws Exception {
    assertThat(get("/api/v1/accounts", SCRAPE_TOKEN).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/query-log", SCRAPE_TOKEN).statusCode()).isEqualTo(401);
    assertThat(get("/accounts", SCRAPE_TOKEN).statusCode()).isEqualTo(302); // to the sign-in page
  }

  @Test
  void aTokenThatIsAlmostTheScrapeTokenIsRefused() throws Exception {
    String almost = SCRAPE_TOKEN.substring(0, SCRAPE_TOKEN.length() - 1) + "X";

    assertThat(get("/actuator/prometheus", almost).statusCode()).isEqualTo(401);
    assertThat(get("/actuator/prometheus", SCRAPE_TOKEN + "0").statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/plain")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
