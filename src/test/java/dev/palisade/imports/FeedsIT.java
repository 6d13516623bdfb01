package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.common.ConflictException;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.support.Dig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Feeds over real files and real DNS: a file replaced as rsync replaces it (written aside, renamed
 * over) is applied once, as its difference; a broken file (a bad line, gzip cut short, the file
 * gone) changes nothing and is reported on the feed; a local allow entry punches a hole in a fed
 * block; a feed's entries cannot be changed by hand.
 */
@SpringBootTest(properties = "palisade.feeds.check-interval=1h")
@ActiveProfiles("test")
class FeedsIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final Path DIRECTORY = createDirectory();

  @DynamicPropertySource
  static void feedsDirectory(DynamicPropertyRegistry registry) {
    registry.add("palisade.feeds.directory", DIRECTORY::toString);
  }

  @Autowired Feeds feeds;
  @Autowired Listings listings;
  @Autowired Accounts accounts;
  @Autowired DnsServer dns;
  @Autowired JdbcTemplate jdbc;

  private long accountId;
  private ScopeInfo scope;
  private String name;

  @BeforeEach
  void scope() {
    String slug = "feed-" + UUID.randomUUID().toString().substring(0, 6);
    accountId = accounts.createAccount(slug, null, ACTOR).getId();
    scope = accounts.accountScope(accountId);
    name = slug + ".txt";
  }

  @Test
  void aFileReplacedAtomicallyIsAppliedOnceAsItsDifference() throws IOException {
    replace(name, lines(0, 1000));
    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    assertThat(feed.error()).isNull();
    assertThat(feed.entryCount()).isEqualTo(1000);
    assertThat(answer("10.1.0.5")).isEqualTo("NOERROR [127.0.0.2]");
    long serial = serial();
    long changes = changes();
    long audited = audited();

    // 10 lines gone, 10 new: written aside and renamed over the old file, as rsync does.
    replace(name, lines(10, 1010));
    Feed checked = feeds.check(feed.id());
    Feed again = feeds.check(feed.id());

    assertThat(checked.error()).isNull();
    assertThat(checked.entryCount()).isEqualTo(1000);
    assertThat(changes() - changes).as("one change").isEqualTo(1);
    assertThat(serial()).isGreaterThan(serial);
    assertThat(audited() - audited).as("only the difference is written").isEqualTo(20);
    assertThat(again.changedAt()).isEqualTo(checked.changedAt());
    assertThat(answer("10.1.0.5")).isEqualTo("NXDOMAIN []");
    assertThat(answer(address(1009))).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(answer(address(9))).isEqualTo("NXDOMAIN []");
  }

  @Test
  void aBadLineATruncatedGzipOrAVanishedFileChangesNothingAndIsReported() throws IOException {
    replace(name, lines(0, 1000));
    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    long serial = serial();

    replace(name, lines(500, 1500) + "10.1.300.1\n");
    Feed bad = feeds.check(feed.id());
    assertThat(bad.error()).contains("1 bad line").contains(":1002:");
    assertThat(bad.entryCount()).isEqualTo(1000);

    byte[] gzip = gzip(lines(500, 1500));
    Files.write(DIRECTORY.resolve(name + ".tmp"), Arrays.copyOf(gzip, gzip.length / 2));
    Files.move(
        DIRECTORY.resolve(name + ".tmp"),
        DIRECTORY.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Feed truncated = feeds.check(feed.id());
    assertThat(truncated.error()).contains("gzip");

    Files.delete(DIRECTORY.resolve(name));
    Feed gone = feeds.check(feed.id());
    assertThat(gone.error()).contains("is gone");

    assertThat(serial()).as("nothing changed").isEqualTo(serial);
    assertThat(answer(address(0))).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(answer(address(1200))).isEqualTo("NXDOMAIN []");

    replace(name, lines(500, 1500));
    Feed repaired = feeds.check(feed.id());
    assertThat(repaired.error()).isNull();
    assertThat(answer(address(1200))).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(answer(address(0))).isEqualTo("NXDOMAIN []");
  }

  @Test
  void aLocalAllowPunchesAHoleInAFedBlockAndFedEntriesCannotBeChangedByHand() throws IOException {
    replace(name, "192.0.2.0/24 :127.0.0.2:Fed block\n");
    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    listings.create(
        scope.id(),
        new EntryDraft(ListKind.ALLOW, EntryValue.parse("192.0.2.7"), null, "partner", null),
        EntrySource.MANUAL,
        ACTOR);

    assertThat(answer("192.0.2.7")).isEqualTo("NXDOMAIN []");
    assertThat(dig("7.2.0.192." + scope.label() + ".wl")).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(answer("192.0.2.8")).isEqualTo("NOERROR [127.0.0.2]");

    assertThatThrownBy(
            () ->
                listings.delete(
                    scope.id(),
                    ListKind.BLOCK,
                    EntryValue.parse("192.0.2.0/24"),
                    EntrySource.MANUAL,
                    ACTOR))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("comes from a feed");
    assertThat(answer("192.0.2.8")).isEqualTo("NOERROR [127.0.0.2]");

    feeds.remove(feed.id(), ACTOR);
    assertThat(answer("192.0.2.8")).isEqualTo("NXDOMAIN []");
    assertThat(dig("7.2.0.192." + scope.label() + ".wl")).isEqualTo("NOERROR [127.0.0.2]");
  }

  @Test
  void aFedBlockOfAMailServersOwnAddressChangesNothingAndIsReportedOnTheFeed() throws IOException {
    var mx = accounts.createServer(accountId, "mx1", ACTOR);
    accounts.setOwnAddresses(mx.getId(), "10.1.3.7", ACTOR);
    ScopeInfo server = accounts.serverScope(mx.getId());
    replace(name, lines(0, 500));
    Feed feed = feeds.add(server.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    assertThat(feed.error()).isNull();
    long serial = serialOf(server);

    replace(name, lines(0, 1000)); // now covers 10.1.3.7, the server's own address
    Feed checked = feeds.check(feed.id());

    assertThat(checked.error()).contains("10.1.3.7").contains("own address of mail server mx1");
    assertThat(checked.entryCount()).isEqualTo(500);
    assertThat(serialOf(server)).as("nothing changed").isEqualTo(serial);
  }

  @Test
  void aFeedOnlyReadsFilesInItsDirectory() {
    assertThatThrownBy(
            () ->
                feeds.add(
                    scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, "../../etc/passwd", ACTOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be inside");
  }

  private static String lines(int from, int to) {
    StringBuilder text = new StringBuilder(":127.0.0.2:Listed $\n");
    for (int i = from; i < to; i++) {
      text.append(address(i)).append('\n');
    }
    return text.toString();
  }

  /** 10.1.x.y: the i-th address of the fed range. */
  private static String address(int i) {
    return "10.1." + (i >> 8) + "." + (i & 0xff);
  }

  /** Writes the file aside and renames it over the feed's file, as rsync does. */
  private static void replace(String name, String text) throws IOException {
    Path aside = DIRECTORY.resolve("." + name + ".partial");
    Files.writeString(aside, text);
    Files.move(
        aside,
        DIRECTORY.resolve(name),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** The bl answer for an address given in its usual order. */
  private String answer(String address) {
    String[] octets = address.split("\\.");
    return dig(
        octets[3]
            + "."
            + octets[2]
            + "."
            + octets[1]
            + "."
            + octets[0]
            + "."
            + scope.label()
            + ".bl");
  }

  private String dig(String name) {
    Message answer = new Dig(dns.port()).udp(name + ".rbl.palisade.test", Type.A);
    return Dig.rcode(answer) + " " + Dig.addresses(answer);
  }

  private long serialOf(ScopeInfo other) {
    return jdbc.queryForObject("select serial from scope where id = ?", Long.class, other.id());
  }

  private long serial() {
    return jdbc.queryForObject("select serial from scope where id = ?", Long.class, scope.id());
  }

  private long changes() {
    return jdbc.queryForObject(
        "select count(*) from change_log where scope_id = ?", Long.class, scope.id());
  }

  private long audited() {
    return jdbc.queryForObject(
        // Entries audited: an event of one entry, or each item of an event of many.
        "select coalesce(sum(item_count), 0) from audit_event where scope_label = ?"
            + " and object_type = 'ENTRY'",
        Long.class,
        scope.label());
  }

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("palisade-feeds");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
