package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.Accounts;
import dev.palisade.account.Caller;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Readers of the change feed — IXFR's zone difference and the followers of other nodes — ask for
 * "the changes of scope S after serial N" and then stand at the newest serial they read. That is
 * only sound if no change with a lower serial can commit after a higher one was read: these tests
 * write concurrently and poll the feed the way those readers do, and require that every change
 * committed was seen.
 */
@SpringBootTest
@ActiveProfiles("test")
class SerialOrderIT {

  private static final Actor ACTOR = new Actor("test", "127.0.0.1", "api");
  private static final Caller OPERATOR =
      new Caller(Caller.Kind.USER, 0, "test", true, null, null, true);
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();
  private static final int ROUNDS = 150;

  @Autowired Accounts accounts;
  @Autowired Listings listings;
  @Autowired ChangeFeed feed;
  @Autowired JdbcTemplate jdbc;

  private ScopeInfo account;
  private ScopeInfo server;
  private ExecutorService threads;

  @BeforeEach
  void createScopes() {
    var created = accounts.createAccount("order" + ACCOUNTS.incrementAndGet(), "Order", ACTOR);
    var mx1 = accounts.createServer(created.getId(), "mx1", ACTOR);
    account = accounts.accountScope(created.getId());
    server = accounts.serverScope(mx1.getId());
    threads = Executors.newFixedThreadPool(3);
  }

  @AfterEach
  void stop() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(30, TimeUnit.SECONDS);
  }

  /**
   * A mail server's zone is its own entries and its account's, at the higher of the two serials: an
   * IXFR reader at zone serial N reads both scopes after N. A server write may not commit a serial
   * below one an account write already committed.
   */
  @Test
  void aReaderOfAServerZoneAfterItsSerialSeesEveryChangeOfTheServerAndTheAccount()
      throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    Future<?> accountWrites = threads.submit(() -> churn(account, "198.51.100."));
    Future<?> serverWrites = threads.submit(() -> churn(server, "203.0.113."));
    Future<Set<Long>> reader =
        threads.submit(
            () -> {
              Set<Long> seen = new TreeSet<>();
              long at = Math.max(account.serial(), server.serial());
              boolean last = false;
              while (!last) {
                last = !writing.get();
                // As a zone image does: the zone's serial from the scopes, then their changes
                // after the serial the reader stands at, up to it.
                long zone = Math.max(stored(server), stored(account));
                for (ScopeInfo scope : List.of(server, account)) {
                  for (EntriesChanged change : feed.after(scope.id(), at, 100_000)) {
                    if (change.serial() <= zone) {
                      seen.add(change.serial());
                    }
                  }
                }
                at = zone;
              }
              return seen;
            });
    accountWrites.get(5, TimeUnit.MINUTES);
    serverWrites.get(5, TimeUnit.MINUTES);
    writing.set(false);
    Set<Long> seen = reader.get(1, TimeUnit.MINUTES);

    Set<Long> committed = new TreeSet<>(serials(account));
    committed.addAll(serials(server));
    assertThat(committed).hasSize(4 * ROUNDS);
    assertThat(new TreeSet<>(committed))
        .as("changes the reader never saw")
        .satisfies(all -> all.removeAll(seen))
        .isEmpty();
  }

  /**
   * One scope's serials form a chain in commit order (each change names the serial it follows):
   * entry writes and label changes of the scope running at once may neither leave the scope at a
   * serial lower than one already committed nor hide a change from a reader standing after it.
   */
  @Test
  void oneScopesChangesAndLabelChangesCommitInSerialOrder() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    Future<?> entryWrites = threads.submit(() -> churn(server, "192.0.2."));
    Future<?> relabels =
        threads.submit(
            () -> {
              for (int i = 0; i < ROUNDS / 3; i++) {
                accounts.changeLabel(server.id(), null, null, OPERATOR, ACTOR);
              }
              return null;
            });
    Future<List<String>> reader =
        threads.submit(
            () -> {
              List<String> gaps = new ArrayList<>();
              long at = server.serial();
              boolean last = false;
              while (!last) {
                last = !writing.get();
                for (EntriesChanged change : feed.after(server.id(), at, 100_000)) {
                  if (change.previousSerial() != at) {
                    gaps.add(change.previousSerial() + "->" + change.serial() + " read at " + at);
                  }
                  at = change.serial();
                }
              }
              gaps.add("end " + at);
              return gaps;
            });
    entryWrites.get(5, TimeUnit.MINUTES);
    relabels.get(5, TimeUnit.MINUTES);
    writing.set(false);
    List<String> gaps = reader.get(1, TimeUnit.MINUTES);

    List<Long> chain = serials(server);
    long stored = accounts.serverScope(accounts.describe(server.id()).serverId()).serial();
    assertThat(gaps).containsExactly("end " + chain.get(chain.size() - 1));
    assertThat(stored)
        .as("the scope's serial is its newest change's")
        .isEqualTo(chain.get(chain.size() - 1));
  }

  /** Adds and removes an entry {@link #ROUNDS} times. */
  private Void churn(ScopeInfo scope, String prefix) {
    for (int i = 0; i < ROUNDS; i++) {
      EntryValue value = EntryValue.parse(prefix + (i % 250 + 1));
      listings.create(
          scope.id(),
          new EntryDraft(ListKind.BLOCK, value, null, "r", null),
          EntrySource.API,
          ACTOR);
      listings.delete(scope.id(), ListKind.BLOCK, value, EntrySource.API, ACTOR);
    }
    return null;
  }

  private long stored(ScopeInfo scope) {
    return jdbc.queryForObject("select serial from scope where id = ?", Long.class, scope.id());
  }

  private List<Long> serials(ScopeInfo scope) {
    return feed.after(scope.id(), 0, 1_000_000).stream().map(EntriesChanged::serial).toList();
  }
}
