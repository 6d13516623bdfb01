package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.account.Accounts;
import dev.palisade.account.QueryAcls;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.CapturedLog;
import dev.palisade.support.Dig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Restarts with the index file, as {@code main} starts the application, over one database: what the
 * file holds is used only while the database still holds exactly that, and DNS answers after a
 * restart from the file exactly as after a load from the database. Run against H2 and PostgreSQL.
 */
abstract class IndexFileRestartContract {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  static final String ZONE = ".rbl.palisade.test";

  @TempDir Path directory;

  /** A run of the tests' own, so scopes of earlier tests on the same database do not collide. */
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** Arguments pointing at this test's database; the same on every call within a test. */
  abstract List<String> database();

  /** Arguments pointing at another, empty database. */
  abstract List<String> otherDatabase();

  @Test
  void aRestartFromTheFileAnswersLikeALoadFromTheDatabase() {
    List<String> queries = new ArrayList<>();
    List<String> before;
    ConfigurableApplicationContext first = start(file(), database());
    try {
      ScopeInfo account = account(first, "acme");
      ScopeInfo server = server(first, account, "mx1");
      add(
          first,
          account,
          block("192.0.2.0/24", 0x7f000004, "spam from $"),
          allow("192.0.2.7"),
          block("198.51.100.9", 0x7f000003, "one address"),
          allow("198.51.100.9"),
          block("2001:db8::/32", null, "v6 $"),
          allow("2001:db8:1::/48"),
          block("2001:db8:1::5", 0x7f000006, null),
          block("example.com", null, "exact $"),
          block(".example.net", 0x7f000005, "self and below $"),
          block("*.example.org", null, "below $"),
          allow("good.example.org"));
      add(first, server, block("192.0.2.7", 0x7f000009, "server says no"), allow("192.0.2.8"));
      for (String label : List.of(account.label(), server.label())) {
        for (String address :
            List.of(
                "7.2.0.192", "8.2.0.192", "9.2.0.192", "9.100.51.198", "1.0.0.127", "2.0.0.127")) {
          queries.add(address + "." + label + ".bl" + ZONE);
          queries.add(address + "." + label + ".wl" + ZONE);
        }
        for (String address :
            List.of(
                "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2",
                "6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2",
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.8.b.d.0.1.0.0.2")) {
          queries.add(address + "." + label + ".bl" + ZONE);
          queries.add(address + "." + label + ".wl" + ZONE);
        }
        for (String name :
            List.of(
                "example.com",
                "a.example.com",
                "example.net",
                "a.b.example.net",
                "example.org",
                "a.example.org",
                "good.example.org",
                "test")) {
          queries.add(name + "." + label + ".dbl" + ZONE);
          queries.add(name + "." + label + ".dwl" + ZONE);
        }
      }
      before = answers(first, queries);
    } finally {
      first.close();
    }
    assertThat(file()).exists();
    assertThat(CapturedLog.text()).contains("index file " + file() + " written");
    assertThat(before).anyMatch(answer -> answer.contains("[127.0.0.9] [server says no]"));

    ConfigurableApplicationContext fromFile = start(file(), database());
    try {
      assertThat(loaded(fromFile).fileCurrent()).as("every scope from the file").isTrue();
      assertThat(answers(fromFile, queries)).isEqualTo(before);
    } finally {
      fromFile.close();
    }
    ConfigurableApplicationContext fromDatabase = start("", database());
    try {
      assertThat(answers(fromDatabase, queries)).isEqualTo(before);
    } finally {
      fromDatabase.close();
    }
  }

  @Test
  void anEntryThatExpiredSinceTheFileWasWrittenIsNotAnswered() throws InterruptedException {
    ConfigurableApplicationContext first = start(file(), database());
    ScopeInfo scope;
    Instant expiry;
    try {
      scope = account(first, "expiring");
      // Far enough ahead that the first node has stopped and written its file before it, on a
      // busy machine too.
      expiry = Instant.now().plusSeconds(10);
      add(first, scope, block("192.0.2.1", null, null));
      Listings listings = first.getBean(Listings.class);
      listings.upsert(
          scope.id(),
          List.of(
              new EntryDraft(ListKind.BLOCK, EntryValue.parse("192.0.2.2"), null, null, expiry)),
          EntrySource.API,
          ACTOR);
      assertThat(answer(first, "2.2.0.192." + scope.label() + ".bl" + ZONE)).startsWith("NOERROR");
    } finally {
      first.close();
    }
    assertThat(Instant.now()).as("written before the expiry").isBefore(expiry);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 200);

    ConfigurableApplicationContext restarted = start(file(), database());
    try {
      assertThat(answer(restarted, "2.2.0.192." + scope.label() + ".bl" + ZONE))
          .startsWith("NXDOMAIN");
      assertThat(answer(restarted, "1.2.0.192." + scope.label() + ".bl" + ZONE))
          .startsWith("NOERROR");
    } finally {
      restarted.close();
    }
    // The file holds the entry's expiry: the scope is taken from it, less what expired since.
    assertThat(CapturedLog.text()).doesNotContain(scope.label() + ": entries expired");
  }

  /**
   * The file holds entries, not who may query: a restart from it takes the scopes' query ACLs from
   * the database, as they were last set, server zones inheriting their account's.
   */
  @Test
  void queryAclsHoldAfterARestartFromTheFile() {
    ConfigurableApplicationContext first = start(file(), database());
    ScopeInfo account;
    ScopeInfo server;
    try {
      account = account(first, "guarded");
      server = server(first, account, "mx1");
      add(first, account, block("192.0.2.1", null, null));
      first.getBean(QueryAcls.class).set(account.id(), List.of("127.0.0.2"), ACTOR);
    } finally {
      first.close();
    }

    ConfigurableApplicationContext restarted = start(file(), database());
    try {
      assertThat(loaded(restarted).fileCurrent()).as("every scope from the file").isTrue();
      Dig dig = new Dig(restarted.getBean(DnsServer.class).port());
      for (ScopeInfo scope : List.of(account, server)) {
        String listed = "1.2.0.192." + scope.label() + ".bl" + ZONE;
        assertThat(Dig.addresses(dig.from("127.0.0.2").udp(listed, Type.A)))
            .containsExactly("127.0.0.2");
        assertThat(Dig.rcode(dig.from("127.0.0.3").udp(listed, Type.A))).isEqualTo("REFUSED");
        assertThat(Dig.rcode(dig.from("127.0.0.3").tcp(listed, Type.A))).isEqualTo("REFUSED");
      }
    } finally {
      restarted.close();
    }
  }

  @Test
  void aDamagedOrForeignFileIsIgnoredWithAWarning() throws Exception {
    ConfigurableApplicationContext first = start(file(), database());
    ScopeInfo scope;
    try {
      scope = account(first, "damaged");
      add(first, scope, block("192.0.2.1", null, null));
    } finally {
      first.close();
    }
    byte[] good = Files.readAllBytes(file());
    String listed = "1.2.0.192." + scope.label() + ".bl" + ZONE;

    Files.write(file(), Arrays.copyOf(good, good.length - 7));
    restartAndCheck(listed, "truncated or corrupt");

    Files.write(file(), good);
    byte[] corrupt = good.clone();
    corrupt[good.length / 2] ^= 1;
    Files.write(file(), corrupt);
    restartAndCheck(listed, "truncated or corrupt");

    Files.write(file(), good);
    ConfigurableApplicationContext elsewhere = start(file(), otherDatabase());
    try {
      assertThat(loaded(elsewhere).fileCurrent()).isFalse();
      assertThat(answer(elsewhere, listed)).startsWith("NXDOMAIN");
    } finally {
      elsewhere.close();
    }
    assertThat(CapturedLog.text()).contains("written for another database");
  }

  private void restartAndCheck(String listed, String warning) {
    long before = CapturedLog.mark();
    ConfigurableApplicationContext restarted = start(file(), database());
    try {
      assertThat(loaded(restarted).fileCurrent()).isFalse();
      assertThat(answer(restarted, listed)).startsWith("NOERROR");
    } finally {
      restarted.close();
    }
    assertThat(count(CapturedLog.since(before), warning)).as("one new warning").isEqualTo(1);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  Path file() {
    return directory.resolve("palisade.index");
  }

  ConfigurableApplicationContext start(Object file, List<String> database) {
    List<String> arguments = new ArrayList<>(database);
    if (database.stream().noneMatch(argument -> argument.startsWith("--spring.profiles.active"))) {
      arguments.add("--spring.profiles.active=test");
    }
    arguments.add("--palisade.index.file=" + file);
    return PalisadeApplication.start(arguments.toArray(String[]::new));
  }

  static LoadedIndex loaded(ConfigurableApplicationContext application) {
    return application.getBean(LoadedIndex.class);
  }

  ScopeInfo account(ConfigurableApplicationContext application, String name) {
    Accounts accounts = application.getBean(Accounts.class);
    return accounts.accountScope(accounts.createAccount(name + "-" + run, null, ACTOR).getId());
  }

  private static ScopeInfo server(
      ConfigurableApplicationContext application, ScopeInfo account, String name) {
    Accounts accounts = application.getBean(Accounts.class);
    long accountId = accounts.describe(account.id()).accountId();
    return accounts.serverScope(accounts.createServer(accountId, name, ACTOR).getId());
  }

  static void add(
      ConfigurableApplicationContext application, ScopeInfo scope, EntryDraft... drafts) {
    application.getBean(Listings.class).upsert(scope.id(), List.of(drafts), EntrySource.API, ACTOR);
  }

  static EntryDraft block(String value, Integer code, String reason) {
    return new EntryDraft(ListKind.BLOCK, EntryValue.parse(value), code, reason, null);
  }

  private static EntryDraft allow(String value) {
    return new EntryDraft(ListKind.ALLOW, EntryValue.parse(value), null, null, null);
  }

  private static List<String> answers(
      ConfigurableApplicationContext application, List<String> queries) {
    List<String> answers = new ArrayList<>();
    queries.forEach(query -> answers.add(query + " " + answer(application, query)));
    return answers;
  }

  /** The rcode and A records of an A query, and the TXT records of a TXT query, as one line. */
  static String answer(ConfigurableApplicationContext application, String query) {
    Dig dig = new Dig(application.getBean(DnsServer.class).port());
    Message a = dig.udp(query, Type.A);
    Message txt = dig.udp(query, Type.TXT);
    return Dig.rcode(a) + " " + Dig.addresses(a) + " " + Dig.texts(txt);
  }
}
