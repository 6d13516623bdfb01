package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.MailServer;
import dev.palisade.account.TokenAuthentication;
import dev.palisade.support.ApiClient;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * The token endpoints over real HTTP: secrets shown once and stored hashed, and what operator,
 * account, server-bound and read-only tokens may do — above all, nothing to another account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TokenApiIT {

  private static final dev.palisade.audit.Actor TEST_ACTOR =
      dev.palisade.audit.Actor.system("test");

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final String TOKENS = "/api/v1/tokens";

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired TokenAuthentication authentication;
  @Autowired Accounts accounts;
  @Autowired JdbcTemplate jdbc;

  private ApiClient operator;
  private Account acme;
  private MailServer acmeMx1;
  private MailServer acmeMx2;
  private Account other;
  private MailServer otherMx1;

  @BeforeEach
  void accountsAndOperator() {
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    int n = ACCOUNTS.incrementAndGet();
    acme = accounts.createAccount("acme" + n, null, TEST_ACTOR);
    acmeMx1 = accounts.createServer(acme.getId(), "mx1", TEST_ACTOR);
    acmeMx2 = accounts.createServer(acme.getId(), "mx2", TEST_ACTOR);
    other = accounts.createAccount("other" + n, null, TEST_ACTOR);
    otherMx1 = accounts.createServer(other.getId(), "mx1", TEST_ACTOR);
  }

  @Test
  void aTokenCreatedWithAnExpiryStopsAuthenticatingThen() {
    ApiClient.Response created =
        operator.post(
            TOKENS,
            body(
                "name",
                "until 2031",
                "account",
                acme.getSlug(),
                "expiresAt",
                "2031-05-04T03:02:01Z"));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("token").get("expiresAt").asString())
        .isEqualTo("2031-05-04T03:02:01Z");
    long id = created.json().get("token").get("id").asLong();
    assertThat(
            jdbc.queryForObject(
                "select expires_at from api_token where id = ?", java.sql.Timestamp.class, id))
        .isEqualTo(java.sql.Timestamp.from(java.time.Instant.parse("2031-05-04T03:02:01Z")));
  }

  @Test
  void anExpiryInThePastIsRefused() {
    ApiClient.Response refused =
        operator.post(
            TOKENS,
            body(
                "name",
                "already over",
                "account",
                acme.getSlug(),
                "expiresAt",
                "2020-01-01T00:00:00Z"));

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("the expiry must lie in the future");
    assertThat(tokens.list(acme.getId())).isEmpty();
  }

  @Test
  void aSecondTokenOfTheSameNameInAnAccountIsAConflict() {
    tokenId(operator.post(TOKENS, body("name", "fail2ban", "account", acme.getSlug())));

    ApiClient.Response again =
        operator.post(TOKENS, body("name", "fail2ban", "account", acme.getSlug()));
    ApiClient.Response elsewhere =
        operator.post(TOKENS, body("name", "fail2ban", "account", other.getSlug()));

    assertThat(again.status()).as(again.body()).isEqualTo(409);
    assertThat(again.body()).contains("already named 'fail2ban'");
    assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(201);
  }

  @Test
  void theListShowsWhenATokenExpires() {
    ApiClient.Response created =
        operator.post(TOKENS, body("name", "short-lived", "account", acme.getSlug()));
    long id = created.json().get("token").get("id").asLong();
    jdbc.update(
        "update api_token set expires_at = ? where id = ?",
        java.sql.Timestamp.from(java.time.Instant.parse("2031-05-04T03:02:01Z")),
        id);

    JsonNode listed = null;
    for (JsonNode token : operator.get(TOKENS).json()) {
      if (token.get("id").asLong() == id) {
        listed = token;
      }
    }

    assertThat(listed).isNotNull();
    assertThat(listed.get("expiresAt").asString()).isEqualTo("2031-05-04T03:02:01Z");
    assertThat(operator.get(TOKENS + "/" + id).json().get("expiresAt").asString())
        .isEqualTo("2031-05-04T03:02:01Z");
    assertThat(created.json().get("token").get("expiresAt").isNull()).isTrue();
  }

  @Test
  void creatingAndRevokingATokenIsWrittenToTheAuditTrail() {
    ApiClient writer =
        ApiClient.on(port).withToken(ApiClient.accountToken(tokens, acme.getId(), true));
    long id =
        writer
            .post(TOKENS, body("name", "audited", "server", "mx1", "write", true))
            .json()
            .get("token")
            .get("id")
            .asLong();
    assertThat(writer.delete(TOKENS + "/" + id).status()).isEqualTo(204);

    JsonNode events =
        operator
            .get("/api/v1/accounts/" + acme.getSlug() + "/audit?type=TOKEN")
            .json()
            .get("items");

    List<String> seen = new ArrayList<>();
    for (JsonNode event : events) {
      if (event.get("objectId").asLong() != id) {
        continue; // the writer's own token, made by the test
      }
      assertThat(event.get("actor").asString()).matches("token:test token \\d+#\\d+");
      assertThat(event.get("clientIp").asString()).isEqualTo("127.0.0.1");
      seen.add(event.get("action").asString() + " " + event.get("summary").asString());
    }
    assertThat(seen)
        .containsExactly(
            "REVOKE token 'audited' of " + acme.getSlug() + "/mx1 (read and write)",
            "CREATE token 'audited' of " + acme.getSlug() + "/mx1 (read and write)");
  }

  @Test
  void createdTokenShowsItsSecretOnceAndWorks() {
    ApiClient.Response created =
        operator.post(TOKENS, body("name", "fail2ban", "account", acme.getSlug(), "write", true));

    assertThat(created.status()).isEqualTo(201);
    String secret = created.json().get("secret").asString();
    assertThat(secret).matches("pal_[A-Za-z0-9_-]{43}");
    JsonNode token = created.json().get("token");
    assertThat(token.get("name").asString()).isEqualTo("fail2ban");
    assertThat(token.get("account").asString()).isEqualTo(acme.getSlug());
    assertThat(token.get("server").isNull()).isTrue();
    assertThat(token.get("operator").asBoolean()).isFalse();
    assertThat(token.get("write").asBoolean()).isTrue();
    assertThat(token.get("prefix").asString()).isEqualTo(secret.substring(0, 12));
    assertThat(token.get("createdBy").asString()).matches("token:test operator \\d+#\\d+");
    assertThat(token.has("secret")).isFalse();
    assertThat(created.header("Location")).endsWith(TOKENS + "/" + token.get("id").asLong());

    ApiClient.Response listed = operator.get(TOKENS);
    ApiClient.Response read = operator.get(TOKENS + "/" + token.get("id").asLong());
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(secret).doesNotContain("\"secret\"");
    assertThat(read.body()).doesNotContain(secret).doesNotContain("\"secret\"");
    assertThat(read.json().get("name").asString()).isEqualTo("fail2ban");

    assertThat(ApiClient.on(port).withToken(secret).get(TOKENS).status()).isEqualTo(200);
  }

  @Test
  void databaseHoldsTheHashOfTheSecretNeverTheSecret() throws Exception {
    ApiClient.Response created =
        operator.post(TOKENS, body("name", "hashed", "account", acme.getSlug()));
    String secret = created.json().get("secret").asString();
    long id = created.json().get("token").get("id").asLong();

    Map<String, Object> row = jdbc.queryForMap("select * from api_token where id = ?", id);

    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes("UTF-8")));
    assertThat(row.get("TOKEN_HASH")).isEqualTo(sha256);
    assertThat(row.values()).noneMatch(value -> String.valueOf(value).contains(secret));
  }

  @Test
  void operatorListsEveryTokenAndAnAccountTokenOnlyItsAccounts() {
    long acmeToken = tokenId(operator.post(TOKENS, body("name", "a", "account", acme.getSlug())));
    long otherToken = tokenId(operator.post(TOKENS, body("name", "o", "account", other.getSlug())));
    ApiClient acmeReader = client(ApiClient.accountToken(tokens, acme.getId(), false));

    List<Long> seenByOperator = ids(operator.get(TOKENS));
    List<Long> seenByAcme = ids(acmeReader.get(TOKENS));

    assertThat(seenByOperator).contains(acmeToken, otherToken);
    assertThat(seenByAcme).contains(acmeToken).doesNotContain(otherToken);
    assertThat(acmeReader.get(TOKENS).json().valueStream())
        .allMatch(token -> token.get("account").asString().equals(acme.getSlug()));
  }

  @Test
  void accountWriteTokenCreatesAndRevokesTokensOfItsOwnAccount() {
    ApiClient acmeWriter = client(ApiClient.accountToken(tokens, acme.getId(), true));

    ApiClient.Response created = acmeWriter.post(TOKENS, body("name", "reader"));
    ApiClient.Response forServer =
        acmeWriter.post(TOKENS, body("name", "mx1 only", "server", "mx1", "write", true));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("token").get("account").asString()).isEqualTo(acme.getSlug());
    assertThat(created.json().get("token").get("write").asBoolean()).isFalse();
    assertThat(forServer.status()).isEqualTo(201);
    assertThat(forServer.json().get("token").get("server").asString()).isEqualTo("mx1");

    assertThat(acmeWriter.delete(TOKENS + "/" + tokenId(created)).status()).isEqualTo(204);
    String revokedSecret = created.json().get("secret").asString();
    assertThat(client(revokedSecret).get(TOKENS).status()).isEqualTo(401);
    assertThat(acmeWriter.get(TOKENS + "/" + tokenId(created)).json().get("revokedAt").isNull())
        .isFalse();
  }

  @Test
  void tokenMayRevokeItself() {
    String secret = ApiClient.accountToken(tokens, acme.getId(), true);
    ApiClient self = client(secret);
    long id = authentication.authenticate(secret).orElseThrow().id();

    assertThat(self.delete(TOKENS + "/" + id).status()).isEqualTo(204);
    assertThat(self.get(TOKENS).status()).isEqualTo(401);
  }

  @Test
  void readOnlyTokensCreateAndRevokeNothing() {
    ApiClient acmeReader = client(ApiClient.accountToken(tokens, acme.getId(), false));
    long acmeToken = tokenId(operator.post(TOKENS, body("name", "a", "account", acme.getSlug())));
    ApiClient operatorReader =
        client(
            tokens
                .create(dev.palisade.account.NewToken.operator("ro", false), "system:test")
                .secret());

    ApiClient.Response create = acmeReader.post(TOKENS, body("name", "more"));
    ApiClient.Response revoke = acmeReader.delete(TOKENS + "/" + acmeToken);
    ApiClient.Response operatorCreate =
        operatorReader.post(TOKENS, body("name", "x", "account", acme.getSlug()));

    assertThat(create.status()).isEqualTo(403);
    assertThat(create.contentType()).isEqualTo("application/problem+json");
    assertThat(create.json().get("detail").asString()).contains("read-only");
    assertThat(revoke.status()).isEqualTo(403);
    assertThat(operatorCreate.status()).isEqualTo(403);
    assertThat(operatorReader.get(TOKENS).status()).isEqualTo(200);
  }

  @Test
  void onlyOperatorsCreateOperatorTokens() {
    ApiClient acmeWriter = client(ApiClient.accountToken(tokens, acme.getId(), true));

    ApiClient.Response denied = acmeWriter.post(TOKENS, body("name", "root", "operator", true));
    ApiClient.Response allowed =
        operator.post(TOKENS, body("name", "second operator", "operator", true, "write", true));

    assertThat(denied.status()).isEqualTo(403);
    assertThat(allowed.status()).isEqualTo(201);
    assertThat(allowed.json().get("token").get("operator").asBoolean()).isTrue();
    assertThat(allowed.json().get("token").get("account").isNull()).isTrue();
    ApiClient second = client(allowed.json().get("secret").asString());
    assertThat(second.post(TOKENS, body("name", "x", "account", other.getSlug())).status())
        .isEqualTo(201);
  }

  @Test
  void anotherAccountsTokensAreNotFoundByEveryRoute() {
    ApiClient acmeWriter = client(ApiClient.accountToken(tokens, acme.getId(), true));
    String otherSecret = ApiClient.accountToken(tokens, other.getId(), true);
    long otherToken = authentication.authenticate(otherSecret).orElseThrow().id();
    long operatorToken =
        tokenId(operator.post(TOKENS, body("name", "op", "operator", true, "write", true)));

    for (long id : new long[] {otherToken, operatorToken}) {
      ApiClient.Response read = acmeWriter.get(TOKENS + "/" + id);
      ApiClient.Response revoke = acmeWriter.delete(TOKENS + "/" + id);
      assertThat(read.status()).isEqualTo(404);
      assertThat(revoke.status()).isEqualTo(404);
      assertThat(revoke.contentType()).isEqualTo("application/problem+json");
      // The same answer as for a token that does not exist: existence is not revealed.
      assertThat(revoke.json().get("detail").asString())
          .isEqualTo(
              acmeWriter
                  .delete(TOKENS + "/999999999")
                  .json()
                  .get("detail")
                  .asString()
                  .replace("999999999", String.valueOf(id)));
    }
    assertThat(client(otherSecret).get(TOKENS).status()).isEqualTo(200);
  }

  @Test
  void tokensForAnotherAccountOrItsServersCannotBeCreated() {
    ApiClient acmeWriter = client(ApiClient.accountToken(tokens, acme.getId(), true));
    int before = tokens.list(other.getId()).size();

    ApiClient.Response otherAccount =
        acmeWriter.post(TOKENS, body("name", "x", "account", other.getSlug(), "write", true));
    ApiClient.Response missingAccount =
        acmeWriter.post(TOKENS, body("name", "x", "account", "no-such-account"));
    ApiClient.Response otherServer =
        acmeWriter.post(TOKENS, body("name", "x", "account", other.getSlug(), "server", "mx1"));

    assertThat(otherAccount.status()).isEqualTo(404);
    assertThat(otherAccount.json().get("detail").asString())
        .isEqualTo("account '" + other.getSlug() + "' not found");
    assertThat(missingAccount.status()).isEqualTo(404);
    assertThat(missingAccount.json().get("detail").asString())
        .isEqualTo("account 'no-such-account' not found");
    assertThat(otherServer.status()).isEqualTo(404);
    assertThat(tokens.list(other.getId())).hasSize(before);
  }

  @Test
  void serverBoundTokenSeesAndCreatesOnlyTokensOfItsServer() {
    ApiClient mx1Writer =
        client(ApiClient.serverToken(tokens, acme.getId(), acmeMx1.getId(), true));
    long accountWide =
        tokenId(operator.post(TOKENS, body("name", "all", "account", acme.getSlug())));
    long mx2Token =
        tokenId(
            operator.post(TOKENS, body("name", "mx2", "account", acme.getSlug(), "server", "mx2")));

    ApiClient.Response sameServer = mx1Writer.post(TOKENS, body("name", "x", "server", "mx1"));
    ApiClient.Response wholeAccount = mx1Writer.post(TOKENS, body("name", "x"));
    ApiClient.Response otherServer = mx1Writer.post(TOKENS, body("name", "x", "server", "mx2"));

    assertThat(sameServer.status()).isEqualTo(201);
    assertThat(sameServer.json().get("token").get("server").asString()).isEqualTo("mx1");
    assertThat(wholeAccount.status()).isEqualTo(403);
    assertThat(otherServer.status()).isEqualTo(404);
    assertThat(ids(mx1Writer.get(TOKENS)))
        .contains(tokenId(sameServer))
        .doesNotContain(accountWide, mx2Token);
    assertThat(mx1Writer.delete(TOKENS + "/" + mx2Token).status()).isEqualTo(404);
    assertThat(mx1Writer.delete(TOKENS + "/" + accountWide).status()).isEqualTo(404);
  }

  @Test
  void serverOfAnotherAccountIsNotFoundEvenForTheOperator() {
    ApiClient.Response response =
        operator.post(TOKENS, body("name", "x", "account", acme.getSlug(), "server", "nope"));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("detail").asString()).isEqualTo("mail server 'nope' not found");
  }

  @Test
  void databaseRefusesATokenBoundToAServerOfAnotherAccount() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                jdbc.update(
                    "insert into api_token (name, token_hash, token_prefix, operator, account_id,"
                        + " mail_server_id, can_write, created_at, created_by)"
                        + " values ('x', ?, 'x', false, ?, ?, false, current_timestamp, 'test')",
                    "f".repeat(64),
                    acme.getId(),
                    otherMx1.getId()))
        .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
  }

  @Test
  void deletingAnAccountOrServerRemovesItsTokens() {
    String serverSecret = ApiClient.serverToken(tokens, acme.getId(), acmeMx2.getId(), true);
    String accountSecret = ApiClient.accountToken(tokens, acme.getId(), true);
    assertThat(client(serverSecret).get(TOKENS).status()).isEqualTo(200);

    accounts.deleteServer(acmeMx2.getId(), TEST_ACTOR);
    assertThat(client(serverSecret).get(TOKENS).status()).isEqualTo(401);
    assertThat(client(accountSecret).get(TOKENS).status()).isEqualTo(200);

    accounts.deleteAccount(acme.getId(), TEST_ACTOR);
    assertThat(client(accountSecret).get(TOKENS).status()).isEqualTo(401);
  }

  @Test
  void lastUseIsRecordedAtMostOncePerMinute() {
    ApiClient.Response created =
        operator.post(TOKENS, body("name", "used", "account", acme.getSlug()));
    long id = tokenId(created);
    ApiClient used = client(created.json().get("secret").asString());
    assertThat(operator.get(TOKENS + "/" + id).json().get("lastUsedAt").isNull()).isTrue();

    used.get(TOKENS);
    authentication.flushLastUsed();
    JsonNode first = operator.get(TOKENS + "/" + id).json().get("lastUsedAt");

    used.get(TOKENS);
    authentication.flushLastUsed();
    JsonNode second = operator.get(TOKENS + "/" + id).json().get("lastUsedAt");

    assertThat(first.isNull()).isFalse();
    assertThat(java.time.Instant.parse(first.asString()))
        .isCloseTo(java.time.Instant.now(), within(1, java.time.temporal.ChronoUnit.MINUTES));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void missingNameIsAFieldError() {
    ApiClient.Response missing = operator.post(TOKENS, body("account", acme.getSlug()));
    ApiClient.Response blank = operator.post(TOKENS, body("name", " ", "account", acme.getSlug()));

    for (ApiClient.Response response : List.of(missing, blank)) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.contentType()).isEqualTo("application/problem+json");
      assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }
  }

  @Test
  void operatorMustNameTheAccountOfAnAccountToken() {
    ApiClient.Response response = operator.post(TOKENS, body("name", "x"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("account");
  }

  @Test
  void operatorTokenBelongsToNoAccount() {
    ApiClient.Response response =
        operator.post(TOKENS, body("name", "x", "operator", true, "account", acme.getSlug()));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("account");
  }

  @Test
  void unknownJsonFieldIsABadRequestNamingTheField() {
    ApiClient.Response response =
        operator.post(
            TOKENS, "{\"name\":\"x\",\"account\":\"" + acme.getSlug() + "\"," + "\"writ\":true}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    JsonNode error = response.json().get("errors").get(0);
    assertThat(error.get("field").asString()).isEqualTo("writ");
    assertThat(error.get("message").asString()).isEqualTo("unknown field");
    assertThat(tokens.list(acme.getId())).isEmpty();
  }

  @Test
  void wrongTypeIsABadRequestNamingTheField() {
    ApiClient.Response response =
        operator.post(
            TOKENS,
            "{\"name\":\"x\",\"account\":\""
                + acme.getSlug()
                + "\","
                + "\"write\":\"yes please\"}");

    assertThat(response.status()).isEqualTo(400);
    JsonNode error = response.json().get("errors").get(0);
    assertThat(error.get("field").asString()).isEqualTo("write");
    assertThat(error.get("message").asString()).isEqualTo("must be true or false");
  }

  @Test
  void malformedJsonIsABadRequest() {
    ApiClient.Response truncated = operator.post(TOKENS, "{\"name\": \"x\"");
    ApiClient.Response garbage = operator.post(TOKENS, "name=x");
    ApiClient.Response array = operator.post(TOKENS, "[1, 2]");

    for (ApiClient.Response response : List.of(truncated, garbage, array)) {
      assertThat(response.status()).as(response.body()).isEqualTo(400);
      assertThat(response.contentType()).isEqualTo("application/problem+json");
      assertThat(response.json().get("detail").asString()).isNotBlank();
    }
    assertThat(garbage.json().get("detail").asString()).contains("not valid JSON");
  }

  @Test
  void unknownTokenIdIsNotFound() {
    assertThat(operator.get(TOKENS + "/999999999").status()).isEqualTo(404);
    assertThat(operator.delete(TOKENS + "/999999999").status()).isEqualTo(404);
  }

  private ApiClient client(String secret) {
    return ApiClient.on(port).withToken(secret);
  }

  private static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      body.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return body;
  }

  private static long tokenId(ApiClient.Response created) {
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("token").get("id").asLong();
  }

  private static List<Long> ids(ApiClient.Response list) {
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    list.json().forEach(token -> ids.add(token.get("id").asLong()));
    return ids;
  }
}
