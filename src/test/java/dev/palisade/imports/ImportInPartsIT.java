package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dns.DnsServer;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.PartlyStoredException;
import dev.palisade.listing.UpsertResult;
import dev.palisade.support.CapturedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * An import on H2 larger than {@code palisade.imports.transaction-entries} (here 1,000, batches of
 * 500) is stored in several transactions: it stores, audits and fingerprints what one transaction
 * stores; DNS answers none of it until the last part has committed; and a failure between parts
 * leaves the parts stored and answered, the scope released, and a second run completes it; a write
 * to a scope an import holds returns at once, between two parts or while the import waits for its
 * next lines, and is answered when the import ends.
 */
@SpringBootTest(
    properties = {
      "palisade.listing.bulk-batch=500",
      "palisade.listing.max-listed-change=1000",
      "palisade.imports.transaction-entries=1000"
    })
@ActiveProfiles("test")
class ImportInPartsIT {

  private static final Actor ACTOR = Actor.system("test");
  private static final int LINES = 3_000;
  private static final long PART = 1_000;

  @Autowired Imports imports;
  @Autowired Listings listings;
  @Autowired Accounts accounts;
  @Autowired DnsServer dns;
  @Autowired JdbcTemplate jdbc;

  @TempDir Path dir;

  private ScopeProbe probe;

  @BeforeEach
  void probe() {
    probe = new ScopeProbe(jdbc, dns.port());
  }

  @Test
  void anImportInPartsStoresAuditsAndFingerprintsWhatOneTransactionDoes() throws IOException {
    ScopeInfo parts = scope("parts");
    ScopeInfo whole = scope("whole");
    Path file = ip4set(LINES, "first");
    ImportResult result = importFile(parts, file);
    CheckedImport checked = check(file);
    UpsertResult one =
        listings.upsertAll(
            whole.id(), EntrySource.IMPORT, ACTOR, done -> {}, sink -> drafts(checked, sink));

    assertThat(result.created()).isEqualTo(LINES).isEqualTo(one.created());
    assertThat(result.repeated()).isEqualTo(1).isEqualTo(one.repeated());
    assertThat(entries(parts)).isEqualTo(entries(whole)).hasSize(LINES);
    assertThat(listings.entry(parts.id(), ListKind.BLOCK, EntryValue.parse("10.0.0.0")))
        .as("the repeated value of the last part keeps its first line")
        .hasValueSatisfying(entry -> assertThat(entry.getReason()).isEqualTo("first"));
    assertThat(probe.audited(parts)).isEqualTo(probe.audited(whole)).isEqualTo(LINES);
    assertThat(probe.auditEvents(whole)).isEqualTo(1);
    assertThat(probe.auditEvents(parts)).as("an event per part").isEqualTo(3);
    assertThat(
            jdbc.queryForList(
                "select distinct actor, source from audit_event"
                    + " where scope_label = ? and object_type = 'ENTRY'",
                parts.label()))
        .as("who imported it, and how")
        .containsExactly(Map.of("ACTOR", ACTOR.name(), "SOURCE", "import"));
    assertThat(
            jdbc.queryForObject(
                "select count(*) from change_log where scope_id = ?", Long.class, parts.id()))
        .as("one row per part: three of 1,000 entries, the last with the repeated line only")
        .isEqualTo(4);
    assertThat(
            jdbc.queryForObject(
                "select serial from import_fingerprint where scope_id = ?", Long.class, parts.id()))
        .isEqualTo(probe.serial(parts));
    assertThat(jdbc.queryForObject("select count(*) from import_run", Long.class)).isZero();
    assertThat(probe.answer(parts, 0)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(probe.answer(parts, LINES - 1)).isEqualTo("NOERROR [127.0.0.2]");

    long serial = probe.serial(parts);
    long audited = probe.audited(parts);
    ImportResult again = importFile(parts, file);
    assertThat(again.unchanged()).isEqualTo(LINES);
    // Without the fingerprint every part is compared: still nothing is written.
    jdbc.update("delete from import_fingerprint where scope_id = ?", parts.id());
    ImportResult compared = importFile(parts, file);
    assertThat(compared.created()).isZero();
    assertThat(compared.updated()).isZero();
    assertThat(compared.unchanged()).isEqualTo(LINES);
    assertThat(compared.repeated()).isEqualTo(1);
    assertThat(probe.serial(parts)).isEqualTo(serial);
    assertThat(probe.audited(parts)).isEqualTo(audited);
    assertThat(jdbc.queryForObject("select count(*) from import_run", Long.class)).isZero();
  }

  @Test
  void dnsAnswersNothingOfAnImportUntilItsLastPartHasCommitted() {
    ScopeInfo scope = scope("held");
    List<String> seen = new ArrayList<>();

    UpsertResult result =
        listings.upsertAll(
            scope.id(),
            EntrySource.IMPORT,
            ACTOR,
            done -> {},
            sink -> {
              for (int i = 0; i < LINES; i++) {
                if (i == 2_500) {
                  // The first part (1,000 entries) has committed by now, or commits meanwhile.
                  probe.awaitStored(scope, PART);
                  seen.add(probe.answer(scope, 0));
                  seen.add(probe.answer(scope, 999));
                  seen.add(probe.runs(scope) + " run");
                }
                sink.accept(ScopeProbe.draft(i));
              }
            },
            PART);

    assertThat(seen).containsExactly("NXDOMAIN []", "NXDOMAIN []", "1 run");
    assertThat(result.created()).isEqualTo(LINES);
    assertThat(probe.answer(scope, 0)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(probe.answer(scope, LINES - 1)).isEqualTo("NOERROR [127.0.0.2]");
  }

  @Test
  void aFailureBetweenPartsReleasesTheScopeWithThePartsStoredAndRunningTheImportAgainCompletesIt() {
    ScopeInfo scope = scope("failed");

    assertThatThrownBy(
            () ->
                listings.upsertAll(
                    scope.id(),
                    EntrySource.IMPORT,
                    ACTOR,
                    done -> {},
                    sink -> {
                      for (int i = 0; i < 2_500; i++) {
                        sink.accept(ScopeProbe.draft(i));
                      }
                      throw new IllegalStateException("the file went away");
                    },
                    PART))
        .isInstanceOf(PartlyStoredException.class)
        .hasMessageContaining("the file went away")
        .hasMessageContaining("2 parts")
        .hasMessageContaining("2000 entries new or updated")
        .hasMessageContaining("stays stored and DNS answers it")
        .hasMessageContaining("running the same import again completes it")
        .satisfies(e -> assertThat(((PartlyStoredException) e).written()).isEqualTo(2_000));

    assertThat(listings.entries(scope.id())).hasSize(2_000);
    assertThat(probe.answer(scope, 0))
        .as("the parts stored are answered")
        .isEqualTo("NOERROR [127.0.0.2]");
    assertThat(probe.answer(scope, 1_999)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(probe.answer(scope, 2_000)).isEqualTo("NXDOMAIN []");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from import_run where scope_id = ?", Long.class, scope.id()))
        .as("the scope is not held")
        .isZero();
    // A write after the failure, as fail2ban's through the API, is answered at once.
    listings.upsert(scope.id(), List.of(ScopeProbe.draft(LINES + 7)), EntrySource.API, ACTOR);
    assertThat(probe.answer(scope, LINES + 7)).isEqualTo("NOERROR [127.0.0.2]");
    long audited = probe.audited(scope);

    UpsertResult again =
        listings.upsertAll(
            scope.id(),
            EntrySource.IMPORT,
            ACTOR,
            done -> {},
            sink -> {
              for (int i = 0; i < LINES; i++) {
                sink.accept(ScopeProbe.draft(i));
              }
            },
            PART);

    assertThat(again.created()).isEqualTo(1_000);
    assertThat(again.unchanged()).isEqualTo(2_000);
    assertThat(probe.audited(scope)).isEqualTo(audited + 1_000);
    assertThat(listings.entries(scope.id())).hasSize(LINES + 1);
    assertThat(probe.answer(scope, LINES + 7)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(probe.answer(scope, 0)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(probe.answer(scope, LINES - 1)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(jdbc.queryForObject("select count(*) from import_run", Long.class)).isZero();
  }

  @Test
  void aWriteToAScopeAnImportHoldsReturnsAtOnceAndIsAnsweredWhenTheImportEnds() throws Exception {
    ScopeInfo scope = scope("written");
    long mark = CapturedLog.mark();
    Thread importing = Thread.currentThread();
    Thread[] writer = new Thread[1];
    ExecutorService other =
        Executors.newSingleThreadExecutor(
            task -> {
              writer[0] = new Thread(task, "test-writer");
              return writer[0];
            });
    List<String> seen = new ArrayList<>();
    try {
      List<Future<?>> write = new ArrayList<>();
      UpsertResult result =
          listings.upsertAll(
              scope.id(),
              EntrySource.IMPORT,
              ACTOR,
              done -> {},
              sink -> {
                for (int i = 0; i < LINES; i++) {
                  if (i == 500) {
                    // The first part has its first batch (0-499) and waits inside its transaction
                    // for the next: it holds the account's lock. Without this wait the write could
                    // take the lock first, the import's thread not having woken to take it yet.
                    awaitWaitingForDraftsInAPart(importing);
                    // Queued behind the first part, which holds the account's lock.
                    write.add(
                        other.submit(
                            () ->
                                listings.upsert(
                                    scope.id(),
                                    List.of(ScopeProbe.draft(LINES + 7)),
                                    EntrySource.API,
                                    ACTOR)));
                    // Parked on the lock before the first part ends: it has waited longer than
                    // the import's next part, which must not overtake it.
                    awaitParked(() -> writer[0]);
                  }
                  if (i == 2_500) {
                    // The first part has committed, the write after it; the last part waits for
                    // these drafts, so the import has not ended.
                    seen.add(returned(write.get(0)));
                    seen.add(probe.runs(scope) + " run");
                    seen.add(probe.answer(scope, LINES + 7));
                  }
                  sink.accept(ScopeProbe.draft(i));
                }
              },
              PART);
      assertThat(result.created()).isEqualTo(LINES);
    } finally {
      other.shutdownNow();
    }

    assertThat(seen).containsExactly("returned", "1 run", "NXDOMAIN []");
    assertThat(probe.answer(scope, LINES + 7)).isEqualTo("NOERROR [127.0.0.2]");
    assertThat(probe.answer(scope, LINES - 1)).isEqualTo("NOERROR [127.0.0.2]");
    String log = CapturedLog.since(mark);
    assertThat(log).doesNotContain("ERROR ").doesNotContain("WARN ");
    assertThat(log.lines().filter(line -> line.contains("an import in parts holds it")))
        .as("said once, at INFO")
        .singleElement()
        .asString()
        .startsWith("INFO ");
  }

  @Test
  void aWriteWhileTheImportWaitsForItsNextLinesReturnsAtOnce() throws Exception {
    ScopeInfo scope = scope("between");
    Thread importing = Thread.currentThread();
    ExecutorService other = Executors.newSingleThreadExecutor();
    List<String> seen = new ArrayList<>();
    try {
      UpsertResult result =
          listings.upsertAll(
              scope.id(),
              EntrySource.IMPORT,
              ACTOR,
              done -> {},
              sink -> {
                for (int i = 0; i < LINES; i++) {
                  if (i == 2_000) {
                    // The second part has every line it takes; once it has committed, the
                    // import waits for the lines of the third, which are slow to come (a slow
                    // disk, a file still being written): the account's writes go on meanwhile.
                    probe.awaitStored(scope, 2 * PART);
                    awaitParked(() -> importing);
                    seen.add(
                        returned(
                            other.submit(
                                () ->
                                    listings.upsert(
                                        scope.id(),
                                        List.of(ScopeProbe.draft(LINES + 9)),
                                        EntrySource.API,
                                        ACTOR))));
                  }
                  sink.accept(ScopeProbe.draft(i));
                }
              },
              PART);
      assertThat(result.created()).isEqualTo(LINES);
    } finally {
      other.shutdownNow();
    }

    assertThat(seen).containsExactly("returned");
    assertThat(probe.answer(scope, LINES + 9)).isEqualTo("NOERROR [127.0.0.2]");
  }

  /** Waits, at most a minute, until the thread is started and parked (on a lock). */
  private static void awaitParked(Supplier<Thread> thread) {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (thread.get() == null
        || (thread.get().getState() != Thread.State.WAITING
            && thread.get().getState() != Thread.State.TIMED_WAITING)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("the write never waited for the account's lock");
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Waits, at most a minute, until the importing thread waits for drafts inside a part (in {@code
   * DraftHandover.next}, which a part calls holding the account's lock), not before one.
   */
  private static void awaitWaitingForDraftsInAPart(Thread importing) {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!(importing.getState() == Thread.State.WAITING
        && Arrays.stream(importing.getStackTrace())
            .anyMatch(
                frame ->
                    frame.getClassName().endsWith(".DraftHandover")
                        && frame.getMethodName().equals("next")))) {
      if (System.nanoTime() > until) {
        throw new AssertionError("the import never waited for drafts inside a part");
      }
      Thread.onSpinWait();
    }
  }

  /** Whether the write returned while the import runs; waits for it, at most 30 seconds. */
  private static String returned(Future<?> write) {
    try {
      write.get(30, TimeUnit.SECONDS);
      return "returned";
    } catch (TimeoutException e) {
      return "still waiting";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ExecutionException e) {
      return "failed: " + e.getCause();
    }
  }

  @Test
  void anOwnAddressOfTheServerInTheLastPartStoresNothing() throws IOException {
    String slug = "own-" + UUID.randomUUID().toString().substring(0, 6);
    long accountId = accounts.createAccount(slug, null, ACTOR).getId();
    var mx = accounts.createServer(accountId, "mx1", ACTOR);
    accounts.setOwnAddresses(mx.getId(), ScopeProbe.address(LINES - 10), ACTOR);
    ScopeInfo scope = accounts.serverScope(mx.getId());
    long serial = probe.serial(scope);

    assertThatThrownBy(() -> importFile(scope, ip4set(LINES, "first")))
        .hasMessageContaining(ScopeProbe.address(LINES - 10))
        .hasMessageContaining("own address of mail server mx1");

    assertThat(probe.serial(scope)).isEqualTo(serial);
    assertThat(listings.entries(scope.id())).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from import_run", Long.class)).isZero();
  }

  private static void drafts(CheckedImport checked, Consumer<EntryDraft> sink) {
    try {
      checked.stream().drafts(sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Map<String, Object>> entries(ScopeInfo scope) {
    return jdbc.queryForList(
        "select list_kind, entry_value, return_code, reason, enabled, expires_at, source"
            + " from entry where scope_id = ? order by entry_value, list_kind",
        scope.id());
  }

  private CheckedImport check(Path file) throws IOException {
    CheckedImport checked =
        imports.check(
            ImportSpec.of(ListKind.BLOCK, ImportFormat.IP4SET), List.of(ImportSource.of(file)));
    assertThat(checked.ok()).as("%s", checked.read().errors()).isTrue();
    return checked;
  }

  private ImportResult importFile(ScopeInfo scope, Path file) throws IOException {
    return imports.storeChecked(
        scope.id(), check(file), EntrySource.IMPORT, ACTOR, false, ImportProgress.NONE);
  }

  /** An ip4set of {@code lines} addresses, then the first one again with another reason. */
  private Path ip4set(int lines, String reason) throws IOException {
    StringBuilder text = new StringBuilder(":127.0.0.2:" + reason + "\n");
    for (int i = 0; i < lines; i++) {
      text.append(ScopeProbe.address(i)).append('\n');
    }
    text.append(ScopeProbe.address(0)).append(" :127.0.0.3:repeated\n");
    Path file = dir.resolve(UUID.randomUUID() + ".ip4set");
    Files.writeString(file, text);
    return file;
  }

  private ScopeInfo scope(String name) {
    String slug = name + "-" + UUID.randomUUID().toString().substring(0, 6);
    return accounts.accountScope(accounts.createAccount(slug, null, ACTOR).getId());
  }
}
