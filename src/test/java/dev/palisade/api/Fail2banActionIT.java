package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.Dig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * Runs the shipped fail2ban action ({@code deploy/fail2ban/action.d/palisade.conf}) the way
 * fail2ban does — tags substituted, the command run by {@code /bin/sh} — with curl against the
 * running application, and checks DNS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class Fail2banActionIT {

  private static final Path ACTION = Path.of("deploy/fail2ban/action.d/palisade.conf");

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;

  private static final java.util.concurrent.atomic.AtomicInteger ACCOUNTS =
      new java.util.concurrent.atomic.AtomicInteger();

  private String slug;
  private Map<String, String> action;
  private Map<String, String> tags;
  private Dig dig;

  @BeforeEach
  void setUp() throws IOException {
    slug = "f2b" + ACCOUNTS.incrementAndGet();
    long id = accounts.createAccount(slug, null, Actor.system("test")).getId();
    action = read(ACTION);
    tags = new HashMap<>(action);
    tags.put("palisade_url", "http://127.0.0.1:" + port);
    tags.put("palisade_token", ApiClient.accountToken(tokens, id, true));
    tags.put("palisade_scope", slug);
    tags.put("name", "postfix-sasl");
    dig = new Dig(dnsServer.port());
  }

  @Test
  void banListsTheAddressWithTheBanTimeAndUnbanDelistsIt() throws Exception {
    String name = "55.2.0.192." + slug + ".bl.rbl.palisade.test";

    assertThat(run("actionban", "192.0.2.55", "3600")).isZero();
    assertThat(Dig.addresses(dig.udp(name, Type.A))).containsExactly("127.0.0.2");
    assertThat(Dig.texts(dig.udp(name, Type.TXT)))
        .containsExactly("Banned by fail2ban jail postfix-sasl: 192.0.2.55");

    assertThat(run("actionban", "192.0.2.55", "3600")).as("a repeated ban").isZero();
    assertThat(run("actionunban", "192.0.2.55", "3600")).isZero();
    assertThat(Dig.rcode(dig.udp(name, Type.A))).isEqualTo("NXDOMAIN");
    assertThat(run("actionunban", "192.0.2.55", "3600")).as("unban of a gone entry").isZero();
  }

  @Test
  void banTimeBecomesTheEntrysExpiry() throws Exception {
    String name = "56.2.0.192." + slug + ".bl.rbl.palisade.test";

    assertThat(run("actionban", "192.0.2.56", "1")).isZero();
    assertThat(Dig.rcode(dig.udp(name, Type.A))).isEqualTo("NOERROR");

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> "NXDOMAIN".equals(Dig.rcode(dig.udp(name, Type.A))));
  }

  @Test
  void permanentBanHasNoExpiryAndIpv6Works() throws Exception {
    assertThat(run("actionban", "2001:db8::57", "-1")).isZero();

    String nibbles = "7.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2";
    assertThat(Dig.addresses(dig.udp(nibbles + "." + slug + ".bl.rbl.palisade.test", Type.A)))
        .containsExactly("127.0.0.2");
    var entries =
        ApiClient.on(port)
            .withToken(tags.get("palisade_token"))
            .get("/api/v1/accounts/" + slug + "/entries?q=2001:db8::57")
            .json();
    assertThat(entries.get("items").get(0).get("expiresAt").isNull()).isTrue();
  }

  @Test
  void banWithABadTokenFails() throws Exception {
    tags.put("palisade_token", "pal_not-a-token-at-all-but-long-enough-000000");

    assertThat(run("actionban", "192.0.2.58", "60")).isNotZero();
  }

  /** Substitutes tags as fail2ban does and runs the command with /bin/sh; returns the exit code. */
  private int run(String command, String ip, String bantime) throws Exception {
    Map<String, String> values = new HashMap<>(tags);
    values.put("ip", ip);
    values.put("bantime", bantime);
    String script = substitute(action.get(command), values, 0).replace("%%", "%");
    Process process = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("command finished").isTrue();
    if (process.exitValue() != 0) {
      System.err.println(command + " failed: " + output);
    }
    return process.exitValue();
  }

  private static final Pattern TAG = Pattern.compile("<([a-z_]+)>");

  private static String substitute(String text, Map<String, String> values, int depth) {
    if (depth > 10) {
      throw new IllegalStateException("tags nest too deep in " + text);
    }
    Matcher m = TAG.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for tag <" + m.group(1) + ">");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(substitute(value, values, depth + 1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Reads an INI file as fail2ban's parser does: continuation lines joined with newlines. */
  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    String key = null;
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.stripLeading().startsWith("#") || line.startsWith("[")) {
        if (line.startsWith("[")) {
          key = null;
        }
        continue;
      }
      if (Character.isWhitespace(line.charAt(0)) && key != null) {
        values.merge(key, "\n" + line.strip(), String::concat);
        continue;
      }
      int eq = line.indexOf('=');
      key = line.substring(0, eq).strip();
      values.put(key, line.substring(eq + 1).strip());
    }
    return values;
  }
}
