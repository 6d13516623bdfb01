package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** An operator token named by {@code palisade.api.bootstrap-token} exists and works at once. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "palisade.api.bootstrap-token=" + ApiTokenBootstrapIT.SECRET)
@ActiveProfiles("test")
class ApiTokenBootstrapIT {

  static final String SECRET = "bootstrap-0123456789-abcdefghij-ABCDEFGHIJ";

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired TokenAuthentication authentication;
  @Autowired ApiTokenBootstrap bootstrap;

  @Test
  void bootstrapTokenIsAnOperatorTokenThatWorksAndStaysRevokedOnceRevoked() {
    ApiClient.Response response = ApiClient.on(port).withToken(SECRET).get("/api/v1/tokens");

    assertThat(response.status()).isEqualTo(200);
    Caller caller = authentication.authenticate(SECRET).orElseThrow();
    assertThat(caller.operator()).isTrue();
    assertThat(caller.write()).isTrue();
    assertThat(tokens.listAll()).filteredOn(ApiToken::isOperator).hasSize(1);

    bootstrap.afterSingletonsInstantiated();
    assertThat(tokens.listAll()).filteredOn(ApiToken::isOperator).hasSize(1);

    tokens.revoke(caller.id());
    bootstrap.afterSingletonsInstantiated();

    assertThat(authentication.authenticate(SECRET)).isEmpty();
    assertThat(tokens.listAll()).filteredOn(ApiToken::isOperator).hasSize(1);
  }
}
