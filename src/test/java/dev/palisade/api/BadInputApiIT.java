package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.support.ApiClient;
import dev.palisade.support.CapturedLog;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Bad parameters over real HTTP: every list and item endpoint answers 400 problem+json naming the
 * parameter (never 500), echoes of the bad value are bounded, and a 400 logs no stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BadInputApiIT {

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;

  private ApiClient operator;
  private String entries;
  private String audit;

  @BeforeEach
  void account() {
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    Account acme =
        accounts.createAccount("badin" + ACCOUNTS.incrementAndGet(), null, Actor.system("test"));
    accounts.createServer(acme.getId(), "mx1", Actor.system("test"));
    entries = "/api/v1/accounts/" + acme.getSlug() + "/entries";
    audit = "/api/v1/accounts/" + acme.getSlug() + "/audit";
  }

  @ParameterizedTest(name = "{0}{1} -> 400 naming {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ENTRIES | ?page=-1 | page",
        "ENTRIES | ?page=abc | page",
        "ENTRIES | ?page=2147483647&size=1000 | page",
        "ENTRIES | ?page=99999999999 | page",
        "ENTRIES | ?size=0 | size",
        "ENTRIES | ?size=1001 | size",
        "ENTRIES | ?size=abc | size",
        "ENTRIES | ?type=bogus | type",
        "ENTRIES | ?source=bogus | source",
        "ENTRIES | ?state=bogus | state",
        "ENTRIES | ?list=bogus | list",
        "ENTRIES | /abc | id",
        "ENTRIES | /99999999999999999999 | id",
        "SERVER_ENTRIES | ?page=abc | page",
        "SERVER_ENTRIES | ?page=2147483647&size=1000 | page",
        "AUDIT | ?page=abc | page",
        "AUDIT | ?page=2147483647&size=1000 | page",
        "AUDIT | ?size=-5 | size",
        "AUDIT | ?from=yesterday | from",
        "AUDIT | ?to=2030-13-45 | to",
        "TOKENS | /abc | id",
        "TOKENS | /99999999999999999999 | id",
      })
  void badParameterAnswers400NamingIt(String endpoint, String query, String parameter) {
    String path =
        switch (endpoint) {
          case "ENTRIES" -> entries;
          case "SERVER_ENTRIES" -> entries.replace("/entries", "/servers/mx1/entries");
          case "AUDIT" -> audit;
          case "TOKENS" -> "/api/v1/tokens";
          default -> throw new IllegalArgumentException(endpoint);
        };

    ApiClient.Response response = operator.get(path + query);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("detail").asString()).contains(parameter);
  }

  @Test
  void aHugeBadValueIsNotEchoedInFull() {
    String huge = "x".repeat(1024 * 1024);

    ApiClient.Response response = operator.post(entries, Map.of("list", "block", "value", huge));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("x".repeat(101));
    assertThat(response.body().length()).isLessThan(4096);
  }

  @Test
  void aBadParameterLogsOneLineWithoutStackTrace() {
    String marker = "nosuchstate" + System.nanoTime();
    long before = CapturedLog.mark();

    ApiClient.Response response = operator.get(entries + "?state=" + marker);
    ApiClient.Response paging = operator.get(entries + "?page=2147483647&size=1000");
    ApiClient.Response typed = operator.get(entries + "?page=" + marker);

    assertThat(response.status()).isEqualTo(400);
    assertThat(paging.status()).isEqualTo(400);
    assertThat(typed.status()).isEqualTo(400);
    String logged = CapturedLog.since(before);
    assertThat(logged).doesNotContain(CapturedLog.STACK_TRACE);
  }
}
