package dev.palisade.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person at one browser, for HTTP-level tests of the web UI: its own cookie jar, the CSRF token
 * of the last form page, redirects followed, and a source address of its choice in 127.0.0.0/8 —
 * what the server sees as the client's address, so that tests of per-address limits can come from
 * several addresses. Speaks HTTP/1.1 over a plain socket bound to that address (the JDK's client
 * cannot choose its local address before Java 19), one connection per request. Not thread-safe.
 */
public final class FormClient {

  /** One answer: its status, where a redirect points, the body; and the path it was asked for. */
  public record Page(int status, String location, String body, String path) {

    /** Whether the page shows a signed-in user (the sign-out button of the header). */
    public boolean signedIn() {
      return body.contains("id=\"sign-out\"");
    }
  }

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final int port;
  private final InetAddress source;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private String csrf;

  private FormClient(int port, InetAddress source) {
    this.port = port;
    this.source = source;
  }

  /** A client of the application on 127.0.0.1:port, connecting from the given loopback address. */
  public static FormClient from(String sourceAddress, int port) {
    try {
      return new FormClient(port, InetAddress.getByName(sourceAddress));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a page, following redirects; remembers the page's CSRF token for the next form. */
  public Page open(String path) {
    return follow(request("GET", path, null));
  }

  /** One request without following a redirect. */
  public Page get(String path) {
    return request("GET", path, null);
  }

  /**
   * Posts a form with the CSRF token of the last page opened (which must have had one), following
   * the redirect that answers it.
   */
  public Page post(String path, Map<String, String> fields) {
    assertThat(csrf).as("a page with a form was opened before posting to " + path).isNotNull();
    StringBuilder body = new StringBuilder("_csrf=").append(encode(csrf));
    fields.forEach(
        (name, value) -> body.append('&').append(name).append('=').append(encode(value)));
    return follow(request("POST", path, body.toString()));
  }

  /** Signs in through the sign-in form; returns the page it leads to. */
  public Page signIn(String username, String password) {
    open("/login");
    return post("/login", Map.of("username", username, "password", password));
  }

  /** Signs out through the header's button. */
  public Page signOut() {
    open("/password");
    return post("/logout", Map.of());
  }

  private Page follow(Page page) {
    for (int hops = 0; hops < 10 && page.status() / 100 == 3; hops++) {
      String location = page.location();
      int host = location.indexOf("://");
      if (host >= 0) {
        location = location.substring(location.indexOf('/', host + 3));
      }
      page = request("GET", location, null);
    }
    return page;
  }

  private Page request(String method, String path, String form) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      if (!cookies.isEmpty()) {
        StringBuilder cookie = new StringBuilder();
        cookies.forEach(
            (name, value) ->
                cookie.append(cookie.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        head.append("Cookie: ").append(cookie).append("\r\n");
      }
      byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
      if (form != null) {
        head.append("Content-Type: application/x-www-form-urlencoded\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(socket.getInputStream(), path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Page read(InputStream in, String path) throws IOException {
    byte[] all = in.readAllBytes();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String location = null;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      switch (name) {
        case "location" -> location = value;
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "set-cookie" -> {
          String pair = value.split(";", 2)[0];
          int eq = pair.indexOf('=');
          String cookie = pair.substring(0, eq);
          String cookieValue = pair.substring(eq + 1);
          if (cookieValue.isEmpty() || value.toLowerCase(Locale.ROOT).contains("max-age=0")) {
            cookies.remove(cookie);
          } else {
            cookies.put(cookie, cookieValue);
          }
        }
        default -> {}
      }
    }
    byte[] raw = Arrays.copyOfRange(all, end + 4, all.length);
    String body = new String(chunked ? unchunk(raw) : raw, StandardCharsets.UTF_8);
    Matcher token = CSRF.matcher(body);
    if (token.find()) {
      csrf = token.group(1);
    }
    return new Page(status, location, body, path);
  }

  private static byte[] unchunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < raw.length) {
      int lineEnd = at;
      while (raw[lineEnd] != '\r') {
        lineEnd++;
      }
      String size = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0];
      int length = Integer.parseInt(size.trim(), 16);
      if (length == 0) {
        break;
      }
      out.write(raw, lineEnd + 2, length);
      at = lineEnd + 2 + length + 2;
    }
    return out.toByteArray();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
