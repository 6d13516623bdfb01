package dev.palisade.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.account.Accounts;
import dev.palisade.account.ApiTokens;
import dev.palisade.account.Caller;
import dev.palisade.account.ChangeLog;
import dev.palisade.account.LabelOverlaps;
import dev.palisade.account.QueryAcls;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.cli.ZoneFileCommand;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.stats.ZoneCounters;
import dev.palisade.support.ApiClient;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.Dig;
import dev.palisade.support.PostgresDatabase;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes on one PostgreSQL database, each with its own DNS port and index, started as {@code
 * main} starts them: what is written through one is answered by the other's DNS, by way of the
 * change feed. The poll is set to a minute, so what arrives within seconds came by notification;
 * one test turns notifications off to show the poll alone catches up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresClusterIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  private static final String ZONE = ".rbl.palisade.test";
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  /** How long after A acknowledged a bulk of 100,000 entries B may take to answer them all. */
  private static final Duration BULK_PATIENCE = Duration.ofSeconds(30);

  @RegisterExtension static final PostgresDatabase database = new PostgresDatabase();

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;

  @BeforeAll
  void startTwoNodes() {
    a = node("a", "1m", true);
    // B lists at most 1,000 entries of one change in the feed, so a test can make a larger one.
    b = node("b", "1m", true, "--palisade.listing.max-listed-change=1000");
  }

  @AfterAll
  void stopNodes() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void aWriteOnOneNodeIsAnsweredByTheOtherAndADeleteOnTheOtherByTheFirst() {
    ScopeInfo scope = account(a, "writes");
    String listed = "1.2.0.192." + scope.label() + ".bl" + ZONE;
    String other = "2.2.0.192." + scope.label() + ".bl" + ZONE;
    eventually(b, listed, "NXDOMAIN []"); // the new zone exists on B, empty

    add(a, scope, block("192.0.2.1"));
    eventually(b, listed, "NOERROR [127.0.0.2]");

    add(b, scope, block("192.0.2.2"));
    eventually(a, other, "NOERROR [127.0.0.2]");

    listings(b)
        .delete(scope.id(), ListKind.BLOCK, EntryValue.parse("192.0.2.1"), EntrySource.API, ACTOR);
    eventually(a, listed, "NXDOMAIN []");
    assertThat(answer(b, listed)).isEqualTo("NXDOMAIN []");
  }

  /** An exclusion travels through the change feed (format 4) and unlists on the other node. */
  @Test
  void anExclusionWrittenOnOneNodeUnlistsTheAddressOnTheOther() {
    ScopeInfo scope = account(a, "exclusions");
    String bl = "7.2.0.192." + scope.label() + ".bl" + ZONE;
    String wl = "7.2.0.192." + scope.label() + ".wl" + ZONE;
    add(a, scope, block("192.0.2.0/24"));
    eventually(b, bl, "NOERROR [127.0.0.2]");

    add(
        a,
        scope,
        new EntryDraft(ListKind.EXCLUDE, EntryValue.parse("192.0.2.7"), null, null, null));
    eventually(b, bl, "NXDOMAIN []");
    assertThat(answer(b, wl)).isEqualTo("NXDOMAIN []");

    listings(b)
        .delete(
            scope.id(), ListKind.EXCLUDE, EntryValue.parse("192.0.2.7"), EntrySource.API, ACTOR);
    eventually(a, bl, "NOERROR [127.0.0.2]");
  }

  @Test
  void writesToOneScopeOnBothNodesInTurnLeaveBothAnsweringTheSame() throws Exception {
    long log = CapturedLog.mark();
    ScopeInfo scope = account(a, "turns");
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      ConfigurableApplicationContext writer = i % 2 == 0 ? a : b;
      add(writer, scope, block("198.51.100." + i));
      names.add(i + ".100.51.198." + scope.label() + ".bl" + ZONE);
    }
    for (String name : names) {
      assertThat(answer(a, name)).as(name).isEqualTo("NOERROR [127.0.0.2]");
      eventually(b, name, "NOERROR [127.0.0.2]");
    }
    // Every serial the scope went through is in the feed, each change following the one before.
    assertThat(chain(scope.id())).startsWith(scope.serial()).endsWith(serial(scope.id()));
    // Each write followed one of the other node's: each waited for the feed, none reloaded.
    assertThat(CapturedLog.since(log)).doesNotContain("scope " + scope.id() + " reloaded");
  }

  @Test
  void anEntryWithATimeToLiveIsAnsweredByTheOtherNodeAndExpiresThereToo() {
    ScopeInfo scope = account(a, "ttl");
    String name = "9.2.0.192." + scope.label() + ".bl" + ZONE;
    listings(a)
        .upsert(
            scope.id(),
            List.of(
                new EntryDraft(
                    ListKind.BLOCK,
                    EntryValue.parse("192.0.2.9"),
                    null,
                    null,
                    Instant.now().plusSeconds(3))),
            EntrySource.API,
            ACTOR);
    eventually(b, name, "NOERROR [127.0.0.2]");
    eventually(b, name, "NXDOMAIN []");
    eventually(a, name, "NXDOMAIN []");
  }

  /**
   * Both nodes take the entry out of DNS at its expiry, each by itself; only one records the expiry
   * in the database: one EXPIRE in the audit trail, one change in the feed.
   */
  @Test
  void anExpiryIsRecordedOnceThoughBothNodesExpireTheEntry() throws Exception {
    ScopeInfo scope = account(a, "expire-once");
    String name = "7.2.0.192." + scope.label() + ".bl" + ZONE;
    listings(a)
        .upsert(
            scope.id(),
            List.of(
                new EntryDraft(
                    ListKind.BLOCK,
                    EntryValue.parse("192.0.2.7"),
                    null,
                    null,
                    Instant.now().plusSeconds(2))),
            EntrySource.API,
            ACTOR);
    long written = serial(scope.id());
    eventually(b, name, "NOERROR [127.0.0.2]");
    eventually(a, name, "NXDOMAIN []");
    eventually(b, name, "NXDOMAIN []");
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (count("select count(*) from change_log where scope_id = " + scope.id()) < 2
        && System.nanoTime() < deadline) {
      sleep(100);
    }
    sleep(3_000); // both nodes' expiry jobs have run a few times over the window since
    assertThat(
            count(
                "select count(*) from audit_event where action = 'EXPIRE' and scope_label = '"
                    + scope.label()
                    + "'"))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from change_log where scope_id = "
                    + scope.id()
                    + " and serial > "
                    + written))
        .isEqualTo(1);
    assertThat(answer(a, name)).isEqualTo("NXDOMAIN []");
    assertThat(answer(b, name)).isEqualTo("NXDOMAIN []");
  }

  /**
   * A bulk of 100,000 entries through A's API: every one of them is answered by B's DNS, within
   * {@link #BULK_PATIENCE} of A acknowledging it.
   */
  @Test
  void aBulkOfAHundredThousandEntriesThroughTheApiOfOneNodeIsAnsweredWholeByTheOther()
      throws Exception {
    ScopeInfo scope = account(a, "bulk");
    String slug = a.getBean(Accounts.class).describe(scope.id()).accountSlug();
    List<Map<String, Object>> batch = new ArrayList<>(100_000);
    List<String> names = new ArrayList<>(100_000);
    for (int i = 0; i < 100_000; i++) {
      int x = i >> 16;
      int y = (i >> 8) & 0xff;
      int z = i & 0xff;
      batch.add(Map.of("list", "block", "value", "10." + x + "." + y + "." + z));
      names.add(z + "." + y + "." + x + ".10." + scope.label() + ".bl" + ZONE);
    }
    // Sent with its own, longer timeout than ApiClient's: on a busy machine the 10 MB request
    // alone takes longer than an ordinary API call may.
    String token = ApiClient.operatorToken(a.getBean(ApiTokens.class));
    int http = a.getEnvironment().getProperty("local.server.port", Integer.class);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + http
                                + "/api/v1/accounts/"
                                + slug
                                + "/entries/bulk"))
                    .timeout(Duration.ofMinutes(3))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            JsonMapper.builder()
                                .build()
                                .writeValueAsString(Map.of("entries", batch))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    long acknowledged = System.nanoTime();

    int port = b.getBean(DnsServer.class).port();
    List<String> missing = new UdpBatch(port).unlisted(names);
    while (!missing.isEmpty() && System.nanoTime() - acknowledged < BULK_PATIENCE.toNanos()) {
      sleep(100);
      missing = new UdpBatch(port).unlisted(missing);
    }
    assertThat(missing).as("names B does not answer as listed").isEmpty();
  }

  @Test
  void anImportTooLargeToListInTheFeedMakesTheOtherNodeReloadTheScope() {
    ScopeInfo scope = account(a, "unlisted");
    String last = "183.11.0.10." + scope.label() + ".bl" + ZONE;
    eventually(a, last, "NXDOMAIN []");

    listings(b)
        .upsertAll(
            scope.id(),
            EntrySource.IMPORT,
            ACTOR,
            done -> {},
            sink -> {
              for (int i = 0; i < 3_000; i++) {
                sink.accept(block("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff)));
              }
            });

    eventually(a, last, "NOERROR [127.0.0.2]");
    assertThat(CapturedLog.text())
        .contains("scope " + scope.id() + " reloaded from the database (change ")
        .contains("does not list its entries");
  }

  @Test
  void accountsAndServersCreatedRelabelledAndDeletedOnOneNodeAreFollowedByTheOther() {
    long log = CapturedLog.mark();
    ScopeInfo account = account(a, "zones");
    Accounts accounts = a.getBean(Accounts.class);
    long accountId = accounts.describe(account.id()).accountId();
    ScopeInfo server = accounts.serverScope(accounts.createServer(accountId, "mx1", ACTOR).getId());
    add(a, server, block("192.0.2.5"));
    String name = "5.2.0.192." + server.label() + ".bl" + ZONE;
    eventually(b, name, "NOERROR [127.0.0.2]");

    Caller operator = new Caller(Caller.Kind.USER, 0, "test", true, null, null, true);
    ScopeInfo relabelled = accounts.changeLabel(server.id(), null, null, operator, ACTOR);
    String renamed = "5.2.0.192." + relabelled.label() + ".bl" + ZONE;
    eventually(b, renamed, "NOERROR [127.0.0.2]");
    // The old label answers on the other node too while its overlap lasts, then stops there.
    eventually(b, name, "NOERROR [127.0.0.2]");
    a.getBean(LabelOverlaps.class).end(server.id(), server.label(), ACTOR);
    eventually(b, name, "NXDOMAIN []");
    assertThat(CapturedLog.since(log)).doesNotContain("scope " + server.id() + " reloaded");

    accounts.deleteAccount(accountId, ACTOR);
    eventually(b, renamed, "NXDOMAIN []");
    eventually(b, "2.0.0.127." + account.label() + ".bl" + ZONE, "NXDOMAIN []");
  }

  /**
   * The other node counts the queries of a zone created on the first in its statistics, as soon as
   * it answers them: its zone counters follow the scopes its index takes, not only its own changes.
   */
  @Test
  void aZoneCreatedOnOneNodeIsCountedInTheOthersStatistics() {
    ScopeInfo scope = account(a, "counted");
    add(a, scope, block("192.0.2.9"));
    String name = "9.2.0.192." + scope.label() + ".bl" + ZONE;
    eventually(b, name, "NOERROR [127.0.0.2]");
    ZoneCounters counters = b.getBean(ZoneCounters.class);
    counters.drain();

    assertThat(answer(b, name)).isEqualTo("NOERROR [127.0.0.2]");

    assertThat(counters.drain())
        .filteredOn(count -> count.label().equals(scope.label()))
        .singleElement()
        .satisfies(
            count -> {
              assertThat(count.list()).isEqualTo("bl");
              assertThat(count.queries()).isEqualTo(1);
              assertThat(count.hits()).isEqualTo(1);
            });
  }

  @Test
  void aQueryAclSetOnOneNodeIsEnforcedByTheOther() {
    ScopeInfo scope = account(a, "acl");
    add(a, scope, block("192.0.2.6"));
    String name = "6.2.0.192." + scope.label() + ".bl" + ZONE;
    eventually(b, name, "NOERROR [127.0.0.2]");

    a.getBean(QueryAcls.class).set(scope.id(), List.of("192.0.2.0/24"), ACTOR);
    eventually(b, name, "REFUSED []");

    a.getBean(QueryAcls.class).remove(scope.id(), ACTOR);
    eventually(b, name, "NOERROR [127.0.0.2]");
  }

  @Test
  void aGapInTheFeedMakesTheOtherNodeReloadTheScope() throws Exception {
    ScopeInfo scope = account(a, "gap");
    add(a, scope, block("192.0.2.1"));
    String first = "1.2.0.192." + scope.label() + ".bl" + ZONE;
    String second = "2.2.0.192." + scope.label() + ".bl" + ZONE;
    eventually(b, first, "NOERROR [127.0.0.2]");

    // Made without Palisade: an entry inserted by hand and the serial bumped, as the README's
    // "bump the serial" path does; nothing in the feed says what changed.
    try (Connection connection = database.connect();
        Statement sql = connection.createStatement()) {
      sql.execute(
          "insert into entry (id, scope_id, list_kind, value_type, entry_value, enabled, source,"
              + " created_by, created_at, updated_by, updated_at, version, sort_key) values"
              + " (nextval('entry_id_seq'), "
              + scope.id()
              + ", 'BLOCK', 'IPV4', '192.0.2.2', true, 'API', 'sql', now(), 'sql', now(), 0,"
              + " '4c000020220')");
      sql.execute("update scope set serial = nextval('change_serial') where id = " + scope.id());
      sql.execute("notify " + ChangeLog.CHANNEL);
    }
    eventually(b, second, "NOERROR [127.0.0.2]");
    assertThat(CapturedLog.text()).contains("scope " + scope.id() + " reloaded from the database");
  }

  @Test
  void entriesEditedWithSqlAndTheSerialBumpedAsTheReadmeSaysAreAnsweredWithoutARestart()
      throws Exception {
    // A node with the default poll: the README's SQL path notifies nobody.
    ConfigurableApplicationContext running = node("bump", "1s", true);
    try {
      ScopeInfo account = account(a, "bump");
      Accounts accounts = a.getBean(Accounts.class);
      long accountId = accounts.describe(account.id()).accountId();
      ScopeInfo server =
          accounts.serverScope(accounts.createServer(accountId, "mx1", ACTOR).getId());
      add(a, account, block("192.0.2.31"));
      add(a, account, block("192.0.2.32"));
      String deleted = "31.2.0.192." + server.label() + ".bl" + ZONE;
      String disabled = "32.2.0.192." + server.label() + ".bl" + ZONE;
      String inserted = "33.2.0.192." + server.label() + ".bl" + ZONE;
      eventually(running, deleted, "NOERROR [127.0.0.2]");
      eventually(running, disabled, "NOERROR [127.0.0.2]");

      // By hand, as an operator would: a row deleted, one disabled without touching updated_at,
      // one inserted; then the README's statement, word for word.
      try (Connection connection = database.connect();
          Statement sql = connection.createStatement()) {
        sql.execute(
            "delete from entry where scope_id = "
                + account.id()
                + " and entry_value = '192.0.2.31'");
        sql.execute(
            "update entry set enabled = false where scope_id = "
                + account.id()
                + " and entry_value = '192.0.2.32'");
        sql.execute(
            "insert into entry (id, scope_id, list_kind, value_type, entry_value, enabled,"
                + " source, created_by, created_at, updated_by, updated_at, version, sort_key) values"
                + " (nextval('entry_id_seq'), "
                + account.id()
                + ", 'BLOCK', 'IPV4', '192.0.2.33', true, 'API', 'sql', now(), 'sql', now(), 0,"
                + " '4c000022120')");
        sql.execute(
            "update scope set serial = nextval('change_serial') where zone_label = '"
                + account.label()
                + "';");
      }

      eventually(running, inserted, "NOERROR [127.0.0.2]");
      eventually(running, deleted, "NXDOMAIN []");
      eventually(running, disabled, "NXDOMAIN []");
      assertThat(CapturedLog.text())
          .contains("scope " + account.id() + " reloaded from the database");
    } finally {
      running.close();
    }
  }

  @Test
  void withoutNotificationsThePollAloneCatchesUp() {
    ConfigurableApplicationContext polling = node("c", "300ms", false);
    try {
      ScopeInfo scope = account(a, "poll");
      add(a, scope, block("192.0.2.3"));
      eventually(polling, "3.2.0.192." + scope.label() + ".bl" + ZONE, "NOERROR [127.0.0.2]");
    } finally {
      polling.close();
    }
  }

  @Test
  void aCommandLineImportIsAnsweredByTheRunningNodesWithoutARestart(@TempDir Path directory)
      throws Exception {
    ScopeInfo scope = account(a, "cli");
    String slug = a.getBean(Accounts.class).describe(scope.id()).accountSlug();
    Path file = Files.writeString(directory.resolve("spam.txt"), "192.0.2.77\n192.0.2.78\n");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "import", "--account=" + slug, "--list=block", "--format=ip4set", file.toString()));
    arguments.addAll(database.arguments());

    int code = ZoneFileCommand.run(PalisadeApplication.class, arguments.toArray(String[]::new));

    assertThat(code).isZero();
    eventually(a, "77.2.0.192." + scope.label() + ".bl" + ZONE, "NOERROR [127.0.0.2]");
    eventually(b, "78.2.0.192." + scope.label() + ".bl" + ZONE, "NOERROR [127.0.0.2]");
  }

  // ---- helpers ----

  /** The scope's serials as the feed chains them: the first change's previous serial, then each. */
  private static List<Long> chain(long scopeId) throws Exception {
    List<Long> chain = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "select previous_serial, serial from change_log where scope_id = "
                    + scopeId
                    + " order by serial")) {
      while (rows.next()) {
        if (chain.isEmpty()) {
          chain.add(rows.getLong(1));
        }
        assertThat(rows.getLong(1)).as("chain %s", chain).isEqualTo(chain.get(chain.size() - 1));
        chain.add(rows.getLong(2));
      }
    }
    return chain;
  }

  /**
   * Asks many A questions of one DNS server over UDP, a window of them at a time on one socket, and
   * tells which were not answered as listed (NOERROR with an A record); a question whose answer is
   * lost counts as not listed, so callers ask again.
   */
  private static final class UdpBatch {
    private static final int WINDOW = 256;
    private final int port;

    UdpBatch(int port) {
      this.port = port;
    }

    List<String> unlisted(List<String> names) throws IOException {
      List<String> unlisted = new ArrayList<>();
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.connect(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(2_000);
        byte[] buffer = new byte[512];
        for (int from = 0; from < names.size(); from += WINDOW) {
          List<String> window = names.subList(from, Math.min(names.size(), from + WINDOW));
          Map<Integer, String> waiting = new HashMap<>();
          for (int i = 0; i < window.size(); i++) {
            Message query =
                Message.newQuery(
                    Record.newRecord(Name.fromString(window.get(i), Name.root), Type.A, DClass.IN));
            query.getHeader().setID(i);
            byte[] wire = query.toWire();
            socket.send(new DatagramPacket(wire, wire.length));
            waiting.put(i, window.get(i));
          }
          try {
            while (!waiting.isEmpty()) {
              DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
              socket.receive(packet);
              Message answer = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
              String name = waiting.remove(answer.getHeader().getID());
              if (name != null
                  && (answer.getRcode() != Rcode.NOERROR
                      || answer.getSection(Section.ANSWER).isEmpty())) {
                unlisted.add(name);
              }
            }
          } catch (SocketTimeoutException e) {
            unlisted.addAll(waiting.values());
          }
        }
      }
      return unlisted;
    }
  }

  private static long count(String query) throws Exception {
    try (Connection connection = database.connect();
        Statement sql = connection.createStatement();
        ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static long serial(long scopeId) throws Exception {
    try (Connection connection = database.connect();
        Statement sql = connection.createStatement();
        ResultSet row = sql.executeQuery("select serial from scope where id = " + scopeId)) {
      row.next();
      return row.getLong(1);
    }
  }

  private ConfigurableApplicationContext node(
      String name, String poll, boolean listen, String... more) {
    List<String> arguments = new ArrayList<>(database.arguments());
    arguments.addAll(List.of(more));
    arguments.add("--palisade.cluster.node-name=node-" + name);
    arguments.add("--palisade.cluster.poll-interval=" + poll);
    arguments.add("--palisade.cluster.listen=" + listen);
    return PalisadeApplication.start(arguments.toArray(String[]::new));
  }

  private ScopeInfo account(ConfigurableApplicationContext node, String name) {
    Accounts accounts = node.getBean(Accounts.class);
    return accounts.accountScope(accounts.createAccount(name + "-" + run, null, ACTOR).getId());
  }

  private static Listings listings(ConfigurableApplicationContext node) {
    return node.getBean(Listings.class);
  }

  private static void add(ConfigurableApplicationContext node, ScopeInfo scope, EntryDraft draft) {
    listings(node).upsert(scope.id(), List.of(draft), EntrySource.API, ACTOR);
  }

  private static EntryDraft block(String value) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), null, null, null);
  }

  /** The rcode and A records of an A query to the node's DNS, as one line. */
  private static String answer(ConfigurableApplicationContext node, String name) {
    Message answer = new Dig(node.getBean(DnsServer.class).port()).udp(name, Type.A);
    return Dig.rcode(answer) + " " + Dig.addresses(answer);
  }

  private static void eventually(
      ConfigurableApplicationContext node, String name, String expected) {
    Supplier<String> ask = () -> answer(node, name);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = ask.get();
    while (!last.equals(expected) && System.nanoTime() < deadline) {
      sleep(50);
      last = ask.get();
    }
    assertThat(last).as("%s on %s", name, node.getId()).isEqualTo(expected);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
