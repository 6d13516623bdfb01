package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.support.ApiClient;
import dev.palisade.support.ApiClient.Response;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.Dig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.xbill.DNS.Type;

/**
 * The query log switched on for one zone through the API, seen in its log lines after real DNS
 * queries over UDP and TCP: that zone's queries and no other, until it is switched off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class QueryLogApiIT {

  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final Actor ACTOR = Actor.system("test");
  private static final String PATH = "/api/v1/query-log";

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired Accounts accounts;
  @Autowired DnsServer dnsServer;

  private String followed;
  private String other;
  private long accountId;
  private ApiClient operator;
  private Dig dig;

  @BeforeEach
  void setUp() {
    int n = ACCOUNTS.incrementAndGet();
    followed = "qlog" + n;
    other = "qlogother" + n;
    accountId = accounts.createAccount(followed, null, ACTOR).getId();
    accounts.createAccount(other, null, ACTOR);
    operator = ApiClient.on(port).withToken(ApiClient.operatorToken(tokens));
    dig = new Dig(dnsServer.port());
  }

  @AfterEach
  void stop() {
    operator.delete(PATH);
  }

  @Test
  void logsEveryQueryOfTheFollowedZoneAndNoOtherUntilSwitchedOff() {
    assertThat(operator.get(PATH).json().get("zone").isNull()).isTrue();

    Response on = operator.put(PATH, Map.of("zone", followed, "minutes", 5));
    assertThat(on.status()).as(on.body()).isEqualTo(200);
    assertThat(on.json().get("zone").asString()).isEqualTo(followed);
    assertThat(on.json().get("until").asString()).isNotBlank();

    dig.udp("2.0.0.127." + followed + ".bl.rbl.palisade.test", Type.A);
    dig.tcp("1.0.0.127." + followed + ".wl.rbl.palisade.test", Type.TXT);
    dig.udp("test." + followed + ".dbl.rbl.palisade.test", Type.TXT);
    dig.udp("2.0.0.127." + other + ".bl.rbl.palisade.test", Type.A);
    dig.tcp("test." + other + ".dbl.rbl.palisade.test", Type.A);

    List<String> followedLines = lines(followed + ".");
    assertThat(followedLines)
        .containsExactly(
            "INFO palisade.querylog: client=127.0.0.1 proto=udp qname=2.0.0.127."
                + followed
                + ".bl.rbl.palisade.test. qtype=A rcode=NOERROR answer=\"A 127.0.0.2\""
                + " lookup=\"scope="
                + followed
                + " list=bl value=127.0.0.2\"",
            "INFO palisade.querylog: client=127.0.0.1 proto=tcp qname=1.0.0.127."
                + followed
                + ".wl.rbl.palisade.test. qtype=TXT rcode=NXDOMAIN answer=-"
                + " lookup=\"scope="
                + followed
                + " list=wl value=127.0.0.1\"",
            "INFO palisade.querylog: client=127.0.0.1 proto=udp qname=test."
                + followed
                + ".dbl.rbl.palisade.test. qtype=TXT rcode=NOERROR"
                + " answer=\"TXT 'RFC 5782 test point: test is always listed'\""
                + " lookup=\"scope="
                + followed
                + " list=dbl value=test\"");
    assertThat(lines(other + ".")).as("another zone's queries").isEmpty();

    assertThat(operator.delete(PATH).status()).isEqualTo(200);
    dig.udp("3.0.0.127." + followed + ".bl.rbl.palisade.test", Type.A);
    assertThat(lines(followed + ".")).as("nothing once switched off").hasSize(3);
  }

  @Test
  void onlyOperatorsSwitchTheLog() {
    ApiClient account =
        ApiClient.on(port).withToken(ApiClient.accountToken(tokens, accountId, true));

    assertThat(account.put(PATH, Map.of("zone", followed, "minutes", 5)).status()).isEqualTo(403);
    assertThat(account.get(PATH).status()).isEqualTo(403);
    assertThat(account.delete(PATH).status()).isEqualTo(403);
    assertThat(ApiClient.on(port).put(PATH, Map.of("zone", followed, "minutes", 5)).status())
        .isEqualTo(401);
    assertThat(operator.get(PATH).json().get("zone").isNull()).isTrue();
  }

  @Test
  void badInputIsABadRequestNamingTheFieldAndChangesNothing() {
    Response badZone = operator.put(PATH, Map.of("zone", "a.b", "minutes", 5));
    Response noZone = operator.put(PATH, Map.of("minutes", 5));
    Response tooLong = operator.put(PATH, Map.of("zone", followed, "minutes", 61));
    Response zero = operator.put(PATH, Map.of("zone", followed, "minutes", 0));

    assertThat(badZone.status()).isEqualTo(400);
    assertThat(badZone.body()).contains("\"field\":\"zone\"");
    assertThat(noZone.status()).isEqualTo(400);
    assertThat(noZone.body()).contains("\"field\":\"zone\"");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("\"field\":\"minutes\"").contains("at most 60 minutes");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.body()).contains("\"field\":\"minutes\"");
    assertThat(operator.get(PATH).json().get("zone").isNull()).isTrue();
  }

  /** The query log's lines that name {@code text}. */
  private static List<String> lines(String text) {
    return Arrays.stream(CapturedLog.text().split("\n"))
        .filter(line -> line.startsWith("INFO palisade.querylog: "))
        .filter(line -> line.contains(text))
        .toList();
  }
}
