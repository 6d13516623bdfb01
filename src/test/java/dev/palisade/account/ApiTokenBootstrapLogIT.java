package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.common.FirstStartLock;
import dev.palisade.support.ApiClient;
import dev.palisade.support.CapturedLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * What the start-up token bootstrap writes to the log: no piece of a chosen secret, and a generated
 * secret that stops working by itself, over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ApiTokenBootstrapLogIT {

  /** Long enough that the first request is answered before it, on a busy machine too. */
  private static final Duration VALIDITY = Duration.ofSeconds(10);

  private static final Pattern SECRET = Pattern.compile("pal_[A-Za-z0-9_-]{43}");

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired FirstStartLock lock;

  @Test
  void theLogShowsNoPieceOfAChosenSecret() {
    String secret = TokenSecrets.generate(new SecureRandom());
    long before = CapturedLog.mark();

    new ApiTokenBootstrap(tokens, new ApiTokenSettings(secret), Clock.systemUTC(), lock)
        .afterSingletonsInstantiated();

    String log = CapturedLog.since(before);
    assertThat(log).contains("from palisade.api.bootstrap-token");
    for (int i = 0; i + 8 <= secret.length(); i++) {
      assertThat(log).doesNotContain(secret.substring(i, i + 8));
    }
    assertThat(ApiClient.on(port).withToken(secret).get("/api/v1/tokens").status()).isEqualTo(200);
  }

  @Test
  void theGeneratedTokenStopsWorkingWhenItExpires() throws InterruptedException {
    long before = CapturedLog.mark();
    new ApiTokenBootstrap(tokens, new ApiTokenSettings(null, VALIDITY), Clock.systemUTC(), lock)
        .createFirstOperatorToken();
    String logged = CapturedLog.since(before);
    assertThat(logged).contains("expires at").contains("palisade.api.generated-token-validity");
    Matcher found = SECRET.matcher(logged);
    assertThat(found.find()).isTrue();
    ApiClient client = ApiClient.on(port).withToken(found.group());

    assertThat(client.get("/api/v1/tokens").status()).isEqualTo(200);

    // Expiry after VALIDITY, noticed within the few seconds a checked token is trusted.
    long deadline = System.nanoTime() + VALIDITY.plusSeconds(30).toNanos();
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      status = client.get("/api/v1/tokens").status();
    }
    assertThat(status).isEqualTo(401);
  }
}
