package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A token sees its own account only: every route of another account answers 404 (never 403, which
 * would confirm the account exists), and nothing of the other account changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final Map<String, Object> ENTRY = Map.of("list", "block", "value", "192.0.2.1");

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;

  private ApiClient alice;
  private ApiClient aliceMx1;
  private ApiClient aliceReader;
  private ApiClient bob;
  private long bobEntry;
  private long bobServerEntry;

  @BeforeAll
  void twoAccounts() {
    long aliceId = accounts.createAccount("alice", null, ACTOR).getId();
    long aliceMx = accounts.createServer(aliceId, "mx1", ACTOR).getId();
    accounts.createServer(aliceId, "mx2", ACTOR);
    long bobId = accounts.createAccount("bob", null, ACTOR).getId();
    accounts.createServer(bobId, "mx1", ACTOR);
    alice = client(ApiClient.accountToken(tokens, aliceId, true));
    aliceMx1 = client(ApiClient.serverToken(tokens, aliceId, aliceMx, true));
    aliceReader = client(ApiClient.accountToken(tokens, aliceId, false));
    bob = client(ApiClient.accountToken(tokens, bobId, true));
    bobEntry = bob.post("/api/v1/accounts/bob/entries", ENTRY).json().get("id").asLong();
    bobServerEntry =
        bob.post("/api/v1/accounts/bob/servers/mx1/entries", ENTRY).json().get("id").asLong();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET,    /api/v1/accounts/bob",
    "PATCH,  /api/v1/accounts/bob",
    "DELETE, /api/v1/accounts/bob",
    "POST,   /api/v1/accounts/bob/zone-label",
    "GET,    /api/v1/accounts/bob/servers",
    "POST,   /api/v1/accounts/bob/servers",
    "GET,    /api/v1/accounts/bob/servers/mx1",
    "PATCH,  /api/v1/accounts/bob/servers/mx1",
    "DELETE, /api/v1/accounts/bob/servers/mx1",
    "POST,   /api/v1/accounts/bob/servers/mx1/zone-label",
    "GET,    /api/v1/accounts/bob/entries",
    "POST,   /api/v1/accounts/bob/entries",
    "PUT,    /api/v1/accounts/bob/entries",
    "DELETE, /api/v1/accounts/bob/entries?list=block&value=192.0.2.1",
    "POST,   /api/v1/accounts/bob/entries/bulk",
    "GET,    /api/v1/accounts/bob/entries/{bobEntry}",
    "DELETE, /api/v1/accounts/bob/entries/{bobEntry}",
    "GET,    /api/v1/accounts/bob/servers/mx1/entries",
    "PUT,    /api/v1/accounts/bob/servers/mx1/entries",
    "GET,    /api/v1/accounts/bob/servers/mx1/entries/{bobServerEntry}",
    "DELETE, /api/v1/accounts/bob/servers/mx1/entries/{bobServerEntry}",
    "GET,    /api/v1/accounts/bob/lookup?q=192.0.2.1",
    "GET,    /api/v1/accounts/bob/servers/mx1/lookup?q=192.0.2.1",
    "GET,    /api/v1/accounts/bob/audit",
    "GET,    /api/v1/accounts/alice/entries/{bobEntry}",
    "DELETE, /api/v1/accounts/alice/entries/{bobEntry}",
    "GET,    /api/v1/accounts/alice/servers/mx1/entries/{bobServerEntry}",
  })
  void anotherAccountsRoutesAreNotFound(String method, String path) {
    Response response = alice.send(method, resolve(path), bodyFor(method, path));

    assertThat(response.status()).as(response.toString()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("192.0.2.1\"");
    assertBobUntouched();
  }

  @Test
  void accountListShowsOnlyOwnAccount() {
    Response response = alice.get("/api/v1/accounts");

    assertThat(response.json().size()).isEqualTo(1);
    assertThat(response.json().get(0).get("slug").asString()).isEqualTo("alice");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api/v1/accounts/alice/entries",
    "PUT, /api/v1/accounts/alice/entries",
    "GET, /api/v1/accounts/alice/servers/mx2/entries",
    "PUT, /api/v1/accounts/alice/servers/mx2/entries",
    "GET, /api/v1/accounts/alice/audit",
  })
  void serverBoundTokenSeesOnlyItsServer(String method, String path) {
    assertThat(aliceMx1.send(method, path, bodyFor(method, path)).status()).isEqualTo(404);
    assertThat(aliceMx1.put("/api/v1/accounts/alice/servers/mx1/entries", ENTRY).status())
        .isIn(200, 201);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "POST,   /api/v1/accounts/alice/entries",
    "PUT,    /api/v1/accounts/alice/entries",
    "POST,   /api/v1/accounts/alice/entries/bulk",
    "DELETE, /api/v1/accounts/alice/entries?list=block&value=192.0.2.1",
    "POST,   /api/v1/accounts/alice/servers",
    "POST,   /api/v1/accounts",
  })
  void readTokenCannotWrite(String method, String path) {
    Response response = aliceReader.send(method, path, bodyFor(method, path));

    assertThat(response.status()).as(response.toString()).isEqualTo(403);
    assertThat(aliceReader.get("/api/v1/accounts/alice/entries").status()).isEqualTo(200);
  }

  @Test
  void accountTokenCannotCreateOrDeleteAccounts() {
    assertThat(alice.post("/api/v1/accounts", Map.of("slug", "mallory")).status()).isEqualTo(403);
    assertThat(alice.delete("/api/v1/accounts/alice").status()).isEqualTo(403);
  }

  private void assertBobUntouched() {
    Response entries = bob.get("/api/v1/accounts/bob/entries");
    assertThat(entries.json().get("total").asLong()).isEqualTo(1);
    assertThat(bob.get("/api/v1/accounts/bob/servers/mx1/entries").json().get("total").asLong())
        .isEqualTo(1);
    assertThat(bob.get("/api/v1/accounts/bob/servers").json().size()).isEqualTo(1);
    assertThat(bob.get("/api/v1/accounts/bob").json().get("scope").get("zoneLabel").asString())
        .isEqualTo("bob");
  }

  private String resolve(String path) {
    return path.replace("{bobEntry}", Long.toString(bobEntry))
        .replace("{bobServerEntry}", Long.toString(bobServerEntry));
  }

  private static Object bodyFor(String method, String path) {
    if (method.equals("GET") || method.equals("DELETE")) {
      return null;
    }
    if (path.endsWith("/bulk")) {
      return Map.of("entries", List.of(ENTRY));
    }
    if (path.endsWith("/servers") || path.endsWith("/servers/mx1")) {
      return Map.of("name", "mx9");
    }
    if (path.endsWith("/accounts") || path.endsWith("/accounts/bob")) {
      return Map.of("slug", "bob", "name", "Bob");
    }
    if (path.endsWith("zone-label")) {
      return Map.of("label", "bobnew");
    }
    return path.contains("?") ? null : ENTRY;
  }

  private ApiClient client(String secret) {
    return ApiClient.on(port).withToken(secret);
  }
}
