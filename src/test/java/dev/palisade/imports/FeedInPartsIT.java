package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntriesChanged;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A feed on H2 larger than {@code palisade.imports.transaction-entries} (here 1,000, batches of
 * 500) is applied in several transactions, as a large import is ({@link ImportInPartsIT}): the
 * drafts a part at a time, then the entries its file no longer holds deleted a part at a time; DNS
 * answers the list as it was until the last part, deletions included, has committed (looked at over
 * UDP after each part's commit, {@link PartWatch}); only the difference is written; a failure
 * between parts is reported on the feed and the next check completes the update without writing
 * anything twice.
 */
@SpringBootTest(
    properties = {
      "palisade.listing.bulk-batch=500",
      "palisade.listing.max-listed-change=1000",
      "palisade.imports.transaction-entries=1000",
      "palisade.feeds.check-interval=1h"
    })
@ActiveProfiles("test")
class FeedInPartsIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final Path DIRECTORY = createDirectory();
  private static final String LISTED = "NOERROR [127.0.0.2]";
  private static final String UNLISTED = "NXDOMAIN []";

  @DynamicPropertySource
  static void feedsDirectory(DynamicPropertyRegistry registry) {
    registry.add("palisade.feeds.directory", DIRECTORY::toString);
  }

  /** Calls a test's hook with every change after its commit, on the committing thread. */
  static final class PartWatch {
    volatile Consumer<EntriesChanged> hook = change -> {};

    @TransactionalEventListener
    void on(EntriesChanged change) {
      hook.accept(change);
    }
  }

  @TestConfiguration
  static class WatchedParts {
    @Bean
    PartWatch partWatch() {
      return new PartWatch();
    }
  }

  @Autowired Feeds feeds;
  @Autowired Accounts accounts;
  @Autowired DnsServer dns;
  @Autowired JdbcTemplate jdbc;
  @Autowired PartWatch watch;

  private ScopeProbe probe;
  private ScopeInfo scope;
  private String name;

  @BeforeEach
  void scope() {
    probe = new ScopeProbe(jdbc, dns.port());
    String slug = "parts-" + UUID.randomUUID().toString().substring(0, 6);
    scope = accounts.accountScope(accounts.createAccount(slug, null, ACTOR).getId());
    name = slug + ".txt";
  }

  @AfterEach
  void unwatch() {
    watch.hook = change -> {};
  }

  @Test
  void aLargeFeedIsAppliedInPartsThatDnsAnswersOnlyOnceTheLastHasCommitted() throws IOException {
    replace(name, lines(0, 3_000));
    List<String> seen = watchParts(0, 2_999);
    long changes = probe.changes(scope);

    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);

    assertThat(feed.error()).isNull();
    assertThat(feed.entryCount()).isEqualTo(3_000);
    assertThat(probe.changes(scope) - changes)
        .as("three parts of 1,000 new entries, and the part that found nothing to delete")
        .isEqualTo(4);
    assertThat(seen).hasSize(4);
    assertThat(seen.subList(0, 3))
        .as("after each part but the last: DNS answers the list as it was")
        .containsOnly(UNLISTED + " | " + UNLISTED + " | 1 run");
    assertThat(probe.answer(scope, 0)).isEqualTo(LISTED);
    assertThat(probe.answer(scope, 2_999)).isEqualTo(LISTED);

    // 1,500 lines gone (0-1,499), 1,500 new (3,000-4,499). The first entry stored is the first
    // deleted: DNS keeps answering it until the update's last part.
    String firstDeleted = firstEntry();
    replace(name, lines(1_500, 4_500));
    List<String> held = watchParts(firstDeleted, 3_500);
    changes = probe.changes(scope);
    long audited = probe.audited(scope);

    Feed checked = feeds.check(feed.id());

    assertThat(checked.error()).isNull();
    assertThat(checked.entryCount()).isEqualTo(3_000);
    assertThat(probe.audited(scope) - audited)
        .as("only the difference is written: 1,500 new, 1,500 deleted")
        .isEqualTo(3_000);
    assertThat(probe.changes(scope) - changes)
        .as(
            "1,500 new in two parts (the part of unchanged lines writes nothing), then 1,500"
                + " deleted in two parts")
        .isEqualTo(4);
    assertThat(held).hasSize(4);
    assertThat(held.subList(0, 3))
        .as("after each part but the last, deleting ones included: the list as it was")
        .containsOnly(LISTED + " | " + UNLISTED + " | 1 run");
    assertThat(probe.answer(scope, firstDeleted)).isEqualTo(UNLISTED);
    assertThat(probe.answer(scope, 0)).isEqualTo(UNLISTED);
    assertThat(probe.answer(scope, 1_499)).isEqualTo(UNLISTED);
    assertThat(probe.answer(scope, 1_500)).isEqualTo(LISTED);
    assertThat(probe.answer(scope, 4_499)).isEqualTo(LISTED);
    assertThat(probe.runs(scope)).isZero();
  }

  @Test
  void aLargeFeedCheckedAgainUnchangedWritesNothing() throws IOException {
    replace(name, lines(0, 3_000));
    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    long serial = probe.serial(scope);
    long audited = probe.audited(scope);
    long changes = probe.changes(scope);

    // The same lines in a new file (as rsync writes one), so the feed reads it again.
    replace(name, lines(0, 3_000));
    Feed again = feeds.check(feed.id());

    assertThat(again.error()).isNull();
    assertThat(again.fileKey()).isNotEqualTo(feed.fileKey());
    assertThat(again.changedAt()).isEqualTo(feed.changedAt());
    assertThat(probe.serial(scope)).isEqualTo(serial);
    assertThat(probe.audited(scope)).isEqualTo(audited);
    assertThat(probe.changes(scope)).isEqualTo(changes);
    assertThat(probe.runs(scope)).isZero();
  }

  /**
   * An update stored in parts writes rows for its difference, not for its file: what tells the
   * parts which lines came before is not written to the database (it was a row per line of the
   * file, a million rows to learn of a 1% change of a million-line feed).
   */
  @Test
  void aLargeFeedsUpdateInsertsRowsForItsDifferenceOnly() throws IOException {
    replace(name, lines(0, 3_000));
    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    replace(name, lines(5, 3_005));

    Map<String, Long> inserted;
    try (RowInserts inserts = new RowInserts(jdbc)) {
      Feed checked = feeds.check(feed.id());
      inserted = inserts.byTable();
      assertThat(checked.error()).isNull();
      assertThat(checked.entryCount()).isEqualTo(3_000);
    }

    assertThat(inserted.get("entry")).as("the 5 new lines").isEqualTo(5);
    assertThat(inserted)
        .as("rows inserted by a 3,000-line feed's update of 10 lines, by table")
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isLessThanOrEqualTo(20));
    assertThat(probe.answer(scope, 4)).isEqualTo(UNLISTED);
    assertThat(probe.answer(scope, 5)).isEqualTo(LISTED);
    assertThat(probe.answer(scope, 3_004)).isEqualTo(LISTED);
  }

  @Test
  void removingALargeFeedDeletesItsEntriesInPartsThatDnsAnswersAsOneChange() throws IOException {
    replace(name, lines(0, 3_000));
    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    String firstDeleted = firstEntry();
    List<String> held = watchParts(firstDeleted, 2_999);
    long changes = probe.changes(scope);

    feeds.remove(feed.id(), ACTOR);

    assertThat(probe.changes(scope) - changes)
        .as("three parts of 1,000 deleted, and the part that found none left")
        .isEqualTo(4);
    assertThat(held).hasSize(4);
    assertThat(held.subList(0, 3)).containsOnly(LISTED + " | " + LISTED + " | 1 run");
    assertThat(probe.answer(scope, firstDeleted)).isEqualTo(UNLISTED);
    assertThat(probe.answer(scope, 2_999)).isEqualTo(UNLISTED);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from entry where scope_id = ?", Long.class, scope.id()))
        .isZero();
  }

  @Test
  void aFailureBetweenPartsIsReportedOnTheFeedAndTheNextCheckCompletesIt() throws IOException {
    replace(name, lines(0, 3_000));
    Feed feed = feeds.add(scope.id(), ListKind.BLOCK, ImportFormat.IP4SET, name, ACTOR);
    // 20,000 new lines, the old 3,000 gone; once the first part has committed, the file's last
    // line turns bad where it is (written into, not replaced): the second read finds it.
    replace(name, lines(3_000, 23_000));
    boolean[] broken = {false};
    watch.hook =
        change -> {
          if (change.scopeId() == scope.id() && !broken[0]) {
            broken[0] = true;
            spoilLastLine(ScopeProbe.address(22_999), "10.0.89.999");
          }
        };

    Feed failed = feeds.check(feed.id());

    assertThat(broken[0]).isTrue();
    assertThat(failed.error())
        .contains("stopped after 19 parts of the feed's update had been stored")
        .contains("19000 entries new, updated or deleted")
        .contains("1 bad line in the file, which changed while it was read")
        .contains(":20001:")
        .contains("What was stored stays stored and DNS answers it")
        .contains("the next check of the feed applies its file again and completes it")
        .doesNotContain("nothing was imported");
    assertThat(failed.entryCount()).as("the old entries and the parts stored").isEqualTo(22_000);
    assertThat(failed.changedAt()).isAfter(feed.changedAt());
    assertThat(probe.runs(scope)).as("the list is not held").isZero();
    assertThat(probe.answer(scope, 0)).as("not deleted yet").isEqualTo(LISTED);
    assertThat(probe.answer(scope, 21_999)).as("stored by the last part").isEqualTo(LISTED);
    assertThat(probe.answer(scope, 22_000)).isEqualTo(UNLISTED);

    watch.hook = change -> {};
    replace(name, lines(3_000, 23_000));
    long audited = probe.audited(scope);
    Feed completed = feeds.check(feed.id());

    assertThat(completed.error()).isNull();
    assertThat(completed.entryCount()).isEqualTo(20_000);
    assertThat(probe.audited(scope) - audited)
        .as("nothing written twice: the 1,000 lines not stored yet, the 3,000 gone")
        .isEqualTo(4_000);
    assertThat(probe.answer(scope, 0)).isEqualTo(UNLISTED);
    assertThat(probe.answer(scope, 2_999)).isEqualTo(UNLISTED);
    assertThat(probe.answer(scope, 22_999)).isEqualTo(LISTED);
    assertThat(probe.runs(scope)).isZero();
  }

  /**
   * After each change of the scope commits: what DNS answers for two addresses (an index of {@link
   * ScopeProbe#address}, or an address), and whether the scope is held, as "answer | answer | n
   * run".
   */
  private List<String> watchParts(Object first, int second) {
    List<String> seen = new ArrayList<>();
    watch.hook =
        change -> {
          if (change.scopeId() == scope.id()) {
            seen.add(
                answer(first)
                    + " | "
                    + probe.answer(scope, second)
                    + " | "
                    + probe.runs(scope)
                    + " run");
          }
        };
    return seen;
  }

  private String answer(Object address) {
    return address instanceof Integer i
        ? probe.answer(scope, i)
        : probe.answer(scope, (String) address);
  }

  /** The value of the scope's entry stored first: the first a feed's sweep deletes. */
  private String firstEntry() {
    return jdbc.queryForObject(
        "select entry_value from entry where scope_id = ? order by id fetch first row only",
        String.class,
        scope.id());
  }

  /** Writes {@code bad} over the line {@code good} where it is, in the file the feed has open. */
  private void spoilLastLine(String good, String bad) {
    assertThat(bad).hasSameSizeAs(good);
    Path file = DIRECTORY.resolve(name);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long at = channel.size() - good.length() - 1;
      channel.write(ByteBuffer.wrap(bad.getBytes(StandardCharsets.US_ASCII)), at);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String lines(int from, int to) {
    StringBuilder text = new StringBuilder(":127.0.0.2:Listed $\n");
    for (int i = from; i < to; i++) {
      text.append(ScopeProbe.address(i)).append('\n');
    }
    return text.toString();
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

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("palisade-feed-parts");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
