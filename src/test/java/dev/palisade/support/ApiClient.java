package dev.palisade.support;

import dev.palisade.account.ApiTokens;
import dev.palisade.account.NewToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls Palisade's REST API over a real socket, as a script would: JDK {@link HttpClient}, a base
 * URL, and optionally a bearer token. Immutable and thread-safe.
 *
 * <p>Typical use in a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} test, minting tokens
 * directly through {@link ApiTokens} (no HTTP needed, no rights checked):
 *
 * <pre>{@code
 * @LocalServerPort int port;
 * @Autowired ApiTokens tokens;
 * @Autowired Accounts accounts;
 *
 * long acme = accounts.createAccount("acme", null, Actor.system("test")).getId();
 * ApiClient operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
 * ApiClient acmeWriter = ApiClient.on(port).withToken(ApiClient.accountToken(tokens, acme, true));
 *
 * ApiClient.Response created = acmeWriter.put("/api/v1/accounts/acme/entries", Map.of("list", "block", "value", "192.0.2.1"));
 * assertThat(created.status()).isEqualTo(201);
 * assertThat(created.json().get("id").asLong()).isPositive();
 * }</pre>
 *
 * The token helpers wrap {@code tokens.create(NewToken.operator(..)/account(..)/server(..),
 * "system:test").secret()}; use {@code ApiTokens.create} yourself for other combinations. Bodies
 * given as a {@link String} are sent as they are (for malformed JSON); anything else is written as
 * JSON.
 */
public final class ApiClient {

  /** Numbers the names of minted tokens, which must be unique (per account, among operators). */
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final String token;

  private ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A client without a token for the application on {@code 127.0.0.1:port}. */
  public static ApiClient on(int port) {
    return new ApiClient(URI.create("http://127.0.0.1:" + port), null);
  }

  /** The same client sending {@code Authorization: Bearer <secret>}. */
  public ApiClient withToken(String secret) {
    return new ApiClient(base, secret);
  }

  /** The same client sending no token. */
  public ApiClient anonymous() {
    return new ApiClient(base, null);
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body);
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body);
  }

  public Response patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** Any method, with a body (a raw JSON string or a value written as JSON) or none. */
  public Response send(String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json, application/problem+json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String json = body instanceof String raw ? raw : JSON.writeValueAsString(body);
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Mints an operator token with write rights and returns its secret. */
  public static String operatorToken(ApiTokens tokens) {
    return tokens
        .create(NewToken.operator("test operator " + NAMES.incrementAndGet(), true), "system:test")
        .secret();
  }

  /** Mints a token of one account and returns its secret. */
  public static String accountToken(ApiTokens tokens, long accountId, boolean write) {
    return tokens
        .create(
            NewToken.account("test token " + NAMES.incrementAndGet(), accountId, write),
            "system:test")
        .secret();
  }

  /** Mints a token limited to one mail server and returns its secret. */
  public static String serverToken(ApiTokens tokens, long accountId, long serverId, boolean write) {
    return tokens
        .create(
            NewToken.server(
                "test server token " + NAMES.incrementAndGet(), accountId, serverId, write),
            "system:test")
        .secret();
  }

  /**
   * What came back.
   *
   * @param status the HTTP status code
   * @param headers the response headers
   * @param body the body as text, empty if there was none
   */
  public record Response(int status, HttpHeaders headers, String body) {

    /** The body parsed as JSON. */
    public JsonNode json() {
      return JSON.readTree(body);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** The media type of the body without parameters, e.g. {@code application/problem+json}. */
    public String contentType() {
      String value = header("Content-Type");
      return value == null ? null : value.split(";")[0].strip();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
