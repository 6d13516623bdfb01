package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.NewToken;
import dev.palisade.audit.Actor;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * A deleted account's audit trail is kept and operators read it over HTTP, by the account's id (the
 * installation's trail at {@code /api/v1/audit}); nobody else reads the installation's trail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DeletedAccountAuditIT {

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;

  @Test
  void operatorsReadTheTrailOfADeletedAccount() {
    ApiClient operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    ApiClient readOnlyOperator =
        ApiClient.on(port)
            .withToken(tokens.create(NewToken.operator("auditor", false), "system:test").secret());
    operator.post("/api/v1/accounts", Map.of("slug", "gina"));
    operator.put("/api/v1/accounts/gina/entries", Map.of("list", "block", "value", "192.0.2.77"));
    assertThat(operator.delete("/api/v1/accounts/gina").status()).isEqualTo(204);

    Response deletions =
        readOnlyOperator.get("/api/v1/audit?type=ACCOUNT&action=DELETE&q=account%20gina");
    assertThat(deletions.status()).as(deletions.toString()).isEqualTo(200);
    JsonNode deletion = deletions.json().get("items").get(0);
    long ginaId = deletion.get("objectId").asLong();
    Response trail = readOnlyOperator.get("/api/v1/audit?accountId=" + ginaId);

    assertThat(trail.status()).isEqualTo(200);
    assertThat(trail.body()).contains("192.0.2.77", "account gina");
    assertThat(trail.json().get("total").asLong()).isGreaterThanOrEqualTo(3);
    for (JsonNode event : trail.json().get("items")) {
      assertThat(event.get("accountId").asLong()).isEqualTo(ginaId);
    }
  }

  @Test
  void onlyOperatorsReadTheInstallationsTrail() {
    long hal = accounts.createAccount("hal", null, Actor.system("test")).getId();
    ApiClient account = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, hal, true));

    Response refused = account.get("/api/v1/audit?accountId=" + hal);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).doesNotContain("hal");
  }
}
