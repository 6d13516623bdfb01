package dev.palisade.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.ApiClient;
import dev.palisade.support.CapturedLog;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Palisade as the primary of real secondaries — Knot DNS and BIND as catalog consumers, NSD with
 * its zones listed — each started by this test as a child process with the configuration of
 * deploy/secondaries.md, on loopback ports of its own, transferring with a TSIG key.
 *
 * <ul>
 *   <li>every secondary loads every zone of a seeded data set, and over more than 5,000 names per
 *       zone gives the same rcode and A records as Palisade, and the same TXT for single addresses
 *       and exact domains; the only other differences are the two documented in
 *       deploy/secondaries.md ("What a secondary serves"), which {@link #DOCUMENTED} names;
 *   <li>a write through the API reaches every secondary by NOTIFY and IXFR;
 *   <li>a new mail server's zones appear on the catalog consumers, and vanish when it is deleted;
 *   <li>a transfer from an address not allowed, or with a wrong key, is refused and logged once;
 *   <li>IXFR from a serial in the future or long gone gets the whole zone.
 * </ul>
 *
 * <p>Needs the Debian packages {@code knot}, {@code bind9} and {@code nsd}. Skipped when one is
 * missing, except in CI ({@code CI=true}), where that is a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondariesIT {

  private static final long SEED = 20261206L;
  private static final String BASE = ".rbl.palisade.test.";
  private static final Actor ACTOR = Actor.system("secondaries-test");
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /** The only differences a secondary may show, both "not listed" to a mail server. */
  private static final List<String> DOCUMENTED =
      List.of(
          "NXDOMAIN at Palisade, NODATA at the secondary",
          "NODATA at Palisade, NXDOMAIN at the secondary");

  private static final String SECRET = secret();
  private static final Path DIR = tempDir();
  private static final List<Secondary> SECONDARIES = Secondary.all(DIR);

  @DynamicPropertySource
  static void transfers(DynamicPropertyRegistry registry) {
    registry.add("palisade.transfer.allow", () -> "127.0.0.1/32, 127.0.0.2/32");
    // The test asks thousands of names a second from 127.0.0.1, as a site's own resolvers would.
    registry.add("palisade.dns.rrl.exempt", () -> "127.0.0.1");
    registry.add("palisade.transfer.keys[0].name", () -> Secondary.KEY);
    registry.add("palisade.transfer.keys[0].algorithm", () -> "hmac-sha256");
    registry.add("palisade.transfer.keys[0].secret", () -> SECRET);
    for (int i = 0; i < SECONDARIES.size(); i++) {
      int port = SECONDARIES.get(i).port;
      registry.add("palisade.transfer.notify[" + i + "].address", () -> "127.0.0.1:" + port);
      registry.add("palisade.transfer.notify[" + i + "].key", () -> Secondary.KEY);
    }
  }

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired ApiTokens tokens;
  @Autowired DnsServer dnsServer;
  @Autowired ServedZones served;
  @LocalServerPort int httpPort;

  private final TSIG key =
      new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString(Secondary.KEY + "."), SECRET);
  private XfrData data;
  private long accountId;
  private InetSocketAddress palisadeAddress;

  @BeforeAll
  void startSecondaries() throws Exception {
    for (Secondary secondary : SECONDARIES) {
      if (secondary.binary() == null) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(
              secondary.name
                  + " is not installed; CI must run this test (apt-get install knot bind9 nsd)");
        }
        Assumptions.abort(secondary.name + " is not installed");
      }
    }
    palisadeAddress = new InetSocketAddress("127.0.0.1", dnsServer.port());
    data = new XfrData(SEED);
    accountId = accounts.createAccount("xfr", null, ACTOR).getId();
    long serverId = accounts.createServer(accountId, "mx1", ACTOR).getId();
    listings.upsert(accounts.accountScope(accountId).id(), data.account, EntrySource.API, ACTOR);
    listings.upsert(accounts.serverScope(serverId).id(), data.server, EntrySource.API, ACTOR);

    List<Name> zones = served.names();
    assertThat(zones).hasSize(8);
    for (Secondary secondary : SECONDARIES) {
      secondary.start(dnsServer.port(), SECRET, zones);
    }
    for (Secondary secondary : SECONDARIES) {
      for (Name zone : zones) {
        awaitCurrent(secondary, zone);
      }
    }
  }

  @AfterAll
  void stopSecondaries() throws InterruptedException {
    for (Secondary secondary : SECONDARIES) {
      secondary.stop();
    }
  }

  @Test
  void everySecondaryAnswersAsPalisadeOverEveryZone() {
    List<String> addresses = data.addressNames(5200);
    List<String> domains = data.domainNames(5200);
    List<String> report = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    for (Name zone : served.names()) {
      String kind = zone.getLabelString(1);
      List<String> relative = kind.equals("bl") || kind.equals("wl") ? addresses : domains;
      List<Name> names =
          relative.stream().map(r -> Name.fromConstantString(r + "." + zone)).toList();
      assertThat(names.size()).isGreaterThanOrEqualTo(5000);
      Set<String> exactNames = data.exactNames(!zone.getLabelString(0).equals("xfr"));
      List<Name> exact =
          relative.stream()
              .filter(exactNames::contains)
              .map(r -> Name.fromConstantString(r + "." + zone))
              .toList();
      Map<Name, String> ours = askAll(palisadeAddress, names, Type.A);
      Map<Name, String> ourTexts = askAll(palisadeAddress, exact, Type.TXT);
      for (Secondary secondary : SECONDARIES) {
        Map<Name, String> theirs = askAll(secondary.address(), names, Type.A);
        Map<Name, String> theirTexts = askAll(secondary.address(), exact, Type.TXT);
        Map<String, Integer> differences = new TreeMap<>();
        for (Name name : names) {
          String category = compare(ours.get(name), theirs.get(name));
          if (category == null) {
            continue;
          }
          if (DOCUMENTED.contains(category)) {
            differences.merge(category, 1, Integer::sum);
          } else {
            mismatches.add(
                secondary.name
                    + " "
                    + name
                    + ": palisade "
                    + ours.get(name)
                    + ", secondary "
                    + theirs.get(name));
          }
        }
        for (Name name : exact) {
          String category = compare(ourTexts.get(name), theirTexts.get(name));
          if (category != null && !DOCUMENTED.contains(category)) {
            mismatches.add(
                secondary.name
                    + " TXT "
                    + name
                    + ": palisade "
                    + ourTexts.get(name)
                    + ", secondary "
                    + theirTexts.get(name));
          }
        }
        report.add(
            secondary.name
                + " "
                + zone
                + ": "
                + names.size()
                + " names, "
                + exact.size()
                + " TXT, documented differences "
                + differences);
      }
    }
    report.forEach(System.out::println);
    assertThat(mismatches)
        .as(String.join("\n", mismatches.subList(0, Math.min(30, mismatches.size()))))
        .isEmpty();
  }

  @Test
  void aWriteThroughTheApiReachesEverySecondaryByNotifyAndIxfr() {
    ApiClient api =
        ApiClient.on(httpPort).withToken(ApiClient.accountToken(tokens, accountId, true));
    long ixfrBefore = logLines("IXFR from serial");
    List<String> latencies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String value = "10.250." + i + ".7";
      Name name = Name.fromConstantString("7." + i + ".250.10.xfr.bl" + BASE);
      long started = System.nanoTime();
      assertThat(
              api.put(
                      "/api/v1/accounts/xfr/entries",
                      Map.of("list", "block", "value", value, "returnCode", "127.0.0.5"))
                  .status())
          .isEqualTo(201);
      for (Secondary secondary : SECONDARIES) {
        await(
            secondary,
            name + " listed",
            () -> addresses(secondary.ask(name, Type.A)).equals("[127.0.0.5]"));
        latencies.add(secondary.name + " " + (System.nanoTime() - started) / 1_000_000 + " ms");
      }
    }
    System.out.println("API write to secondary: " + latencies);
    // Each secondary took each change as a difference, not as the whole zone.
    assertThat(logLines("IXFR from serial") - ixfrBefore)
        .isGreaterThanOrEqualTo(3L * SECONDARIES.size());
  }

  @Test
  void aNewMailServersZonesAppearOnCatalogConsumersAndVanishWhenItIsDeleted() {
    ApiClient operator = ApiClient.on(httpPort).withToken(ApiClient.operatorToken(tokens));
    assertThat(operator.post("/api/v1/accounts/xfr/servers", Map.of("name", "mx2")).status())
        .isEqualTo(201);
    Name zone = Name.fromConstantString("xfr-mx2.dbl" + BASE);
    List<Secondary> consumers = SECONDARIES.stream().filter(Secondary::consumesCatalog).toList();
    for (Secondary secondary : consumers) {
      awaitCurrent(secondary, zone);
    }
    assertThat(operator.delete("/api/v1/accounts/xfr/servers/mx2").status()).isEqualTo(204);
    for (Secondary secondary : consumers) {
      await(secondary, zone + " gone", () -> !authoritative(secondary.ask(zone, Type.SOA)));
    }
  }

  @Test
  void refusesADisallowedAddressAndAWrongKeyAndLogsEachOnce() throws IOException {
    Name zone = Name.fromConstantString("xfr.bl" + BASE);
    TSIG wrong = new TSIG(TSIG.HMAC_SHA256, Name.fromConstantString(Secondary.KEY + "."), secret());
    for (int i = 0; i < 3; i++) {
      assertThat(axfr("127.0.0.9", zone, key).getRcode()).isEqualTo(Rcode.REFUSED);
      Message badKey = axfr("127.0.0.2", zone, wrong);
      assertThat(badKey.getRcode()).isEqualTo(Rcode.NOTAUTH);
      assertThat(badKey.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
      assertThat(badKey.getSection(Section.ANSWER)).isEmpty();
    }
    assertThat(logLines("refused for 127.0.0.9: address not in palisade.transfer.allow"))
        .isEqualTo(1);
    assertThat(logLines("refused for 127.0.0.2: bad TSIG signature")).isEqualTo(1);
    // The secret is never in the log.
    assertThat(CapturedLog.text()).doesNotContain(SECRET);
  }

  @Test
  void ixfrFromASerialInTheFutureOrLongGoneGetsTheWholeZone() throws IOException {
    Name zone = Name.fromConstantString("xfr-mx1.bl" + BASE);
    ZoneImage image = served.zone(zone).orElseThrow();
    long current = image.soa().getSerial();
    long[] records = {0};
    image.forEachRecord(r -> records[0]++);
    // A client such as dnsjava's ZoneTransferIn takes an older SOA for "up to date" and stops
    // reading, so the answer is read here as it comes.
    for (long from : new long[] {(current + 1000) & 0xffffffffL, 1}) {
      Message query = Message.newQuery(Record.newRecord(zone, Type.IXFR, DClass.IN));
      query.addRecord(
          new SOARecord(zone, DClass.IN, 0, zone, zone, from, 0, 0, 0, 0), Section.AUTHORITY);
      List<Record> answer = transfer(query);
      assertThat(((SOARecord) answer.get(0)).getSerial()).as("from %d", from).isEqualTo(current);
      assertThat(answer.get(1)).as("AXFR form from %d", from).isNotInstanceOf(SOARecord.class);
      assertThat(answer).as("from %d", from).hasSize((int) records[0] + 2);
    }
  }

  // ---- Helpers ----

  /** Null when the answers agree, else the kind of difference. */
  private static String compare(String ours, String theirs) {
    if (ours.equals(theirs)) {
      return null;
    }
    if (ours.equals("NXDOMAIN []") && theirs.equals("NOERROR []")) {
      return DOCUMENTED.get(0);
    }
    if (ours.equals("NOERROR []") && theirs.equals("NXDOMAIN []")) {
      return DOCUMENTED.get(1);
    }
    return "mismatch";
  }

  /** Every name asked over UDP, many at a time, as "RCODE [A values]" or "RCODE [texts]". */
  private static Map<Name, String> askAll(InetSocketAddress server, List<Name> names, int type) {
    Map<Name, String> answers = new LinkedHashMap<>();
    for (Map.Entry<Name, Message> e : UdpAsker.ask(server, names, type).entrySet()) {
      answers.put(e.getKey(), describe(e.getValue(), type));
    }
    return answers;
  }

  private static String describe(Message answer, int type) {
    List<String> values = new ArrayList<>();
    for (Record r : answer.getSection(Section.ANSWER)) {
      if (type == Type.A && r instanceof ARecord a) {
        values.add(a.getAddress().getHostAddress());
      } else if (type == Type.TXT && r instanceof TXTRecord t) {
        values.add(String.join("", t.getStrings()));
      }
    }
    values.sort(null);
    return Rcode.string(answer.getRcode()) + " " + values;
  }

  private static String addresses(Message answer) {
    return answer == null ? "(no answer)" : describe(answer, Type.A).replaceFirst("^\\S+ ", "");
  }

  private static boolean authoritative(Message answer) {
    return answer != null
        && answer.getRcode() == Rcode.NOERROR
        && answer.getHeader().getFlag(Flags.AA);
  }

  /** Waits until the secondary serves the zone at Palisade's current serial. */
  private void awaitCurrent(Secondary secondary, Name zone) {
    await(
        secondary,
        zone + " at Palisade's serial",
        () -> {
          long serial = served.zone(zone).map(z -> z.soa().getSerial()).orElse(-1L);
          Message answer = secondary.ask(zone, Type.SOA);
          return authoritative(answer)
              && answer.getSection(Section.ANSWER).stream()
                  .anyMatch(r -> r instanceof SOARecord soa && soa.getSerial() == serial);
        });
  }

  private static void await(Secondary secondary, String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!done.getAsBoolean()) {
      if (!secondary.alive()) {
        fail(secondary.name + " stopped:\n" + secondary.logTail());
      }
      if (System.nanoTime() > deadline) {
        fail(secondary.name + " never had " + what + ":\n" + secondary.logTail());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /** One AXFR request over TCP from a given loopback address; the first message of the answer. */
  private Message axfr(String from, Name zone, TSIG signer) throws IOException {
    Message query = Message.newQuery(Record.newRecord(zone, Type.AXFR, DClass.IN));
    signer.apply(query, null);
    byte[] wire = query.toWire();
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", dnsServer.port()));
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      return new Message(answer);
    }
  }

  /** An AXFR-form answer read whole over TCP, signed and checked with the test's key. */
  private List<Record> transfer(Message query) throws IOException {
    key.apply(query, null);
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(key, query.getTSIG());
    byte[] wire = query.toWire();
    List<Record> records = new ArrayList<>();
    try (Socket socket = new Socket("127.0.0.1", dnsServer.port())) {
      socket.setSoTimeout(30_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int soas = 0;
      while (soas < 2) {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        Message m = new Message(message);
        assertThat(verifier.verify(m, message)).isEqualTo(Rcode.NOERROR);
        for (Record r : m.getSection(Section.ANSWER)) {
          records.add(r);
          soas += r instanceof SOARecord ? 1 : 0;
        }
      }
    }
    return records;
  }

  private static long logLines(String containing) {
    return CapturedLog.text().lines().filter(l -> l.contains(containing)).count();
  }

  /**
   * The shared secret, made as deploy/secondaries.md says: with BIND's {@code tsig-keygen}, or
   * Knot's {@code keymgr -t}. Random bytes only where neither is installed, and then the test is
   * skipped.
   */
  private static String secret() {
    String bind = Secondary.find("tsig-keygen");
    if (bind != null) {
      return keyTool(List.of(bind, "-a", "hmac-sha256", Secondary.KEY), "secret \"([^\"]+)\";");
    }
    String knot = Secondary.find("keymgr");
    if (knot != null) {
      return keyTool(List.of(knot, "-t", Secondary.KEY, "hmac-sha256"), "secret: (\\S+)");
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Runs a key generator and returns the base64 secret its output holds. */
  private static String keyTool(List<String> command, String secretPattern) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Matcher secret = Pattern.compile(secretPattern).matcher(output);
      if (process.waitFor() != 0 || !secret.find()) {
        throw new IllegalStateException(command + " printed no secret: " + output);
      }
      return secret.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("palisade-secondaries");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
