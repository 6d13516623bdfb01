package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.support.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Behind a reverse proxy, as the README sets it up ({@code
 * server.forward-headers-strategy=native}): the audit trail takes the client's address from {@code
 * X-Forwarded-For} only when the request comes from a trusted proxy (by default the loopback
 * addresses {@code 127.0.0.1} and {@code ::1}). Any other client — here one on {@code 127.0.0.2},
 * another loopback address Linux answers on — is recorded with its own address whatever it writes
 * in the header.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.forward-headers-strategy=native")
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedForIT {

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;

  private String secret;
  private ApiClient operator;

  @BeforeAll
  void account() {
    long id = accounts.createAccount("fwd", null, Actor.system("test")).getId();
    secret = ApiClient.accountToken(tokens, id, true);
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
  }

  @Test
  void aForgedHeaderFromAnUntrustedClientIsIgnored() throws IOException {
    String status = putEntry("127.0.0.2", "192.0.2.21", "203.0.113.66");

    assertThat(status).startsWith("HTTP/1.1 20");
    assertThat(clientIpOf("192.0.2.21")).isEqualTo("127.0.0.2");
  }

  @Test
  void theTrustedProxysHeaderNamesTheClient() throws IOException {
    String status = putEntry("127.0.0.1", "192.0.2.22", "198.51.100.7");

    assertThat(status).startsWith("HTTP/1.1 20");
    assertThat(clientIpOf("192.0.2.22")).isEqualTo("198.51.100.7");
  }

  /** Lists an address from a socket bound to {@code from}, with a forwarded-for header. */
  private String putEntry(String from, String value, String forwardedFor) throws IOException {
    String body = "{\"list\":\"block\",\"value\":\"" + value + "\"}";
    String request =
        "PUT /api/v1/accounts/fwd/entries HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nAuthorization: Bearer "
            + secret
            + "\r\nX-Forwarded-For: "
            + forwardedFor
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\nConnection: close\r\n\r\n"
            + body;
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.lines().findFirst().orElse("");
    }
  }

  private String clientIpOf(String value) {
    var items = operator.get("/api/v1/accounts/fwd/audit?q=" + value).json().get("items");
    List<String> ips =
        StreamSupport.stream(items.spliterator(), false)
            .map(event -> event.get("clientIp").asString())
            .toList();
    assertThat(ips).hasSize(1);
    return ips.get(0);
  }
}
