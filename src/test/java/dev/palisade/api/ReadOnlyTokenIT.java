package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.NewToken;
import dev.palisade.audit.Actor;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A read-only token changes nothing: every write route of the API, asked by a read-only operator
 * token or a read-only account token, answers 403 as a problem, and what the API shows afterwards
 * is what it showed before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadOnlyTokenIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final Map<String, Object> ENTRY = Map.of("list", "block", "value", "192.0.2.1");

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;

  private ApiClient operator;
  private Map<String, ApiClient> readers;
  private long entry;
  private long serverEntry;
  private long tokenId;

  @BeforeAll
  void anAccountWithEverything() {
    long carol = accounts.createAccount("carol", null, ACTOR).getId();
    accounts.createServer(carol, "mx1", ACTOR);
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    readers =
        Map.of(
            "operator",
            ApiClient.on(port)
                .withToken(
                    tokens.create(NewToken.operator("reader", false), "system:test").secret()),
            "account",
            ApiClient.on(port).withToken(ApiClient.accountToken(tokens, carol, false)));
    entry = operator.post("/api/v1/accounts/carol/entries", ENTRY).json().get("id").asLong();
    serverEntry =
        operator
            .post("/api/v1/accounts/carol/servers/mx1/entries", ENTRY)
            .json()
            .get("id")
            .asLong();
    tokenId =
        tokens.create(NewToken.account("fail2ban", carol, true), "system:test").token().getId();
  }

  @ParameterizedTest(name = "{0} token: {1} {2}")
  @CsvSource({
    "operator, POST,   /api/v1/accounts",
    "operator, PATCH,  /api/v1/accounts/carol",
    "operator, DELETE, /api/v1/accounts/carol",
    "operator, POST,   /api/v1/accounts/carol/zone-label",
    "operator, POST,   /api/v1/accounts/carol/servers",
    "operator, PATCH,  /api/v1/accounts/carol/servers/mx1",
    "operator, DELETE, /api/v1/accounts/carol/servers/mx1",
    "operator, POST,   /api/v1/accounts/carol/servers/mx1/zone-label",
    "operator, POST,   /api/v1/accounts/carol/entries",
    "operator, PUT,    /api/v1/accounts/carol/entries",
    "operator, DELETE, /api/v1/accounts/carol/entries?list=block&value=192.0.2.1",
    "operator, DELETE, /api/v1/accounts/carol/entries/{entry}",
    "operator, POST,   /api/v1/accounts/carol/entries/bulk",
    "operator, POST,   /api/v1/accounts/carol/servers/mx1/entries",
    "operator, PUT,    /api/v1/accounts/carol/servers/mx1/entries",
    "operator, DELETE, /api/v1/accounts/carol/servers/mx1/entries/{serverEntry}",
    "operator, POST,   /api/v1/accounts/carol/servers/mx1/entries/bulk",
    "operator, POST,   /api/v1/accounts/carol/import?format=rbldnsd&list=block",
    "operator, POST,   /api/v1/accounts/carol/servers/mx1/import?format=rbldnsd&list=block",
    "operator, POST,   /api/v1/tokens",
    "operator, DELETE, /api/v1/tokens/{token}",
    "account,  POST,   /api/v1/accounts",
    "account,  PATCH,  /api/v1/accounts/carol",
    "account,  DELETE, /api/v1/accounts/carol",
    "account,  POST,   /api/v1/accounts/carol/zone-label",
    "account,  POST,   /api/v1/accounts/carol/servers",
    "account,  PATCH,  /api/v1/accounts/carol/servers/mx1",
    "account,  DELETE, /api/v1/accounts/carol/servers/mx1",
    "account,  POST,   /api/v1/accounts/carol/servers/mx1/zone-label",
    "account,  POST,   /api/v1/accounts/carol/entries",
    "account,  PUT,    /api/v1/accounts/carol/entries",
    "account,  DELETE, /api/v1/accounts/carol/entries?list=block&value=192.0.2.1",
    "account,  DELETE, /api/v1/accounts/carol/entries/{entry}",
    "account,  POST,   /api/v1/accounts/carol/entries/bulk",
    "account,  PUT,    /api/v1/accounts/carol/servers/mx1/entries",
    "account,  DELETE, /api/v1/accounts/carol/servers/mx1/entries/{serverEntry}",
    "account,  POST,   /api/v1/accounts/carol/import?format=rbldnsd&list=block",
    "account,  POST,   /api/v1/tokens",
    "account,  DELETE, /api/v1/tokens/{token}",
  })
  void readOnlyTokenIsRefusedAndChangesNothing(String reader, String method, String path) {
    List<String> before = state();

    Response response = readers.get(reader).send(method, resolve(path), bodyFor(path));

    assertThat(response.status()).as(response.toString()).isEqualTo(403);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("detail").asString()).contains("read-only");
    assertThat(state()).isEqualTo(before);
  }

  /**
   * What an operator sees of the accounts, the entries and the tokens; without the tokens' last
   * use, which reading changes too.
   */
  private List<String> state() {
    return List.of(
        operator.get("/api/v1/accounts").body(),
        operator.get("/api/v1/accounts/carol/entries").body(),
        operator.get("/api/v1/accounts/carol/servers/mx1/entries").body(),
        operator.get("/api/v1/tokens").body().replaceAll("\"lastUsedAt\":(null|\"[^\"]*\")", ""));
  }

  private String resolve(String path) {
    return path.replace("{entry}", Long.toString(entry))
        .replace("{serverEntry}", Long.toString(serverEntry))
        .replace("{token}", Long.toString(tokenId));
  }

  private static Object bodyFor(String path) {
    if (path.contains("/import")) {
      return "192.0.2.9\n";
    }
    if (path.endsWith("/bulk")) {
      return Map.of("entries", List.of(Map.of("list", "block", "value", "192.0.2.7")));
    }
    if (path.endsWith("/servers") || path.endsWith("/servers/mx1")) {
      return Map.of("name", "mx9");
    }
    if (path.endsWith("/accounts")) {
      return Map.of("slug", "mallory", "name", "Mallory");
    }
    if (path.endsWith("/accounts/carol")) {
      return Map.of("name", "Renamed");
    }
    if (path.endsWith("zone-label")) {
      return Map.of("label", "carolnew");
    }
    if (path.endsWith("/tokens")) {
      return Map.of("name", "more", "account", "carol", "write", true);
    }
    return path.contains("?") ? null : Map.of("list", "block", "value", "192.0.2.8");
  }
}
