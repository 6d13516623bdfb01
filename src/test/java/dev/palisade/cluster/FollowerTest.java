package dev.palisade.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import dev.palisade.account.StoredScopes;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.index.LiveIndex;
import dev.palisade.index.Verdict;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntriesChanged;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A catch-up applies a consistent cut of the feed to a mail server's zone, which merges the
 * server's scope and its account's: never one scope's later change without the other scope's
 * earlier one. The feed is a list the test commits changes to, read through a stand-in for the
 * database; the index is the real one.
 */
class FollowerTest {

  private static final long ACME = 1;
  private static final long MX1 = 2;
  private static final int BLOCK_CODE = 0x7f000002;
  private static final int ALLOW_CODE = 0x7f00000a;

  private final LiveIndex index = new LiveIndex();
  private final StoredScopes scopes = mock(StoredScopes.class);
  private final ChangeFeed feed = mock(ChangeFeed.class);

  /** The committed changes, in commit order. */
  private final List<EntriesChanged> committed = new ArrayList<>();

  /** Run once, right after the feed is first read: commits made while a catch-up runs. */
  private Runnable duringFirstRead = () -> {};

  /** What the server's zone answered for each address asked, at each read of the feed. */
  private final List<String> seenWhileReading = new ArrayList<>();

  private List<String> watched = List.of();

  private long nextEntryId = 1;

  private final Follower follower =
      new Follower(index, scopes, feed, mock(ActiveEntries.class), Clock.systemUTC());

  @BeforeEach
  void indexHoldsBothScopesEmpty() {
    index.apply(
        new ScopesChanged(
            List.of(new ScopeInfo(ACME, "acme", null, 5), new ScopeInfo(MX1, "acme-mx1", ACME, 3)),
            4,
            Set.of(ACME, MX1)));
    when(feed.after(anyLong(), anyLong(), anyLong(), anyInt()))
        .thenAnswer(
            call -> {
              watched.forEach(address -> seenWhileReading.add(address + " " + answer(address)));
              long scope = call.getArgument(0);
              long after = call.getArgument(1);
              long upTo = call.getArgument(2);
              int limit = call.getArgument(3);
              List<EntriesChanged> read =
                  committed.stream()
                      .filter(change -> change.scopeId() == scope && change.serial() > after)
                      .filter(change -> change.serial() <= upTo)
                      .sorted((x, y) -> Long.compare(x.serial(), y.serial()))
                      .limit(limit)
                      .toList();
              Runnable once = duringFirstRead;
              duringFirstRead = () -> {};
              once.run();
              return read;
            });
  }

  /**
   * Serial 10 lets 192.0.2.9 through on the server, serial 11 blocks it for the whole account: at
   * every serial the server's zone answers "not listed" (before 10) or the server's allow (from 10
   * on). Applying the account's change before the server's would make it answer the account's
   * block, a state that matches no serial.
   */
  @Test
  void theServersZoneNeverAnswersTheAccountsLaterChangeWithoutTheServersEarlierOne() {
    commit(MX1, 3, 10, ListKind.ALLOW, "192.0.2.9");
    commit(ACME, 5, 11, ListKind.BLOCK, "192.0.2.9");
    stored(11, 10);
    watched = List.of("192.0.2.9");

    follower.catchUp();

    assertThat(seenWhileReading).doesNotContain("192.0.2.9 BLOCK account");
    assertThat(answer("192.0.2.9")).isEqualTo("ALLOW server");
  }

  /**
   * Changes committed while a catch-up reads the feed are left to the next one: here the account
   * blocks 203.0.113.5 (serial 12), then the server allows 203.0.113.0/24 (serial 13), where the
   * account's longer entry still wins. Taking the server's change without the account's would let
   * the address through, which no serial ever did.
   */
  @Test
  void changesCommittedWhileTheCatchUpRunsAreLeftToTheNextOne() {
    commit(MX1, 3, 10, ListKind.ALLOW, "192.0.2.9");
    commit(ACME, 5, 11, ListKind.BLOCK, "192.0.2.9");
    stored(11, 10);
    when(feed.head()).thenReturn(11L);
    duringFirstRead =
        () -> {
          commit(ACME, 11, 12, ListKind.BLOCK, "203.0.113.5");
          commit(MX1, 10, 13, ListKind.ALLOW, "203.0.113.0/24");
        };

    follower.catchUp();

    assertThat(answer("203.0.113.5")).isIn("none", "BLOCK account");

    stored(12, 13);
    when(feed.head()).thenReturn(13L);
    follower.catchUp();

    assertThat(answer("203.0.113.5")).isEqualTo("BLOCK account");
    assertThat(index.entriesSerials()).containsEntry(ACME, 12L).containsEntry(MX1, 13L);
  }

  /**
   * While an import is stored into the account in several transactions, the account stays at the
   * serial its index has, whatever the feed holds after it; the server's changes are followed. Once
   * the import's last part has committed, the account follows too.
   */
  @Test
  void aScopeAnImportIsBeingStoredIntoIsHeldUntilTheImportEnds() {
    commit(ACME, 5, 11, ListKind.BLOCK, "192.0.2.9");
    commit(MX1, 3, 12, ListKind.ALLOW, "203.0.113.7");
    stored(11, 12);
    when(feed.importing()).thenReturn(Set.of(ACME));

    follower.catchUp();

    assertThat(answer("192.0.2.9")).isEqualTo("none");
    assertThat(answer("203.0.113.7")).isEqualTo("ALLOW server");
    assertThat(index.entriesSerials()).containsEntry(ACME, 5L).containsEntry(MX1, 12L);

    when(feed.importing()).thenReturn(Set.of());
    follower.catchUp();

    assertThat(answer("192.0.2.9")).isEqualTo("BLOCK account");
    assertThat(index.entriesSerials()).containsEntry(ACME, 11L);
  }

  /**
   * A round reads the scopes (acme and mx1) while this node commits a new server, mx2, and applies
   * it ({@code IndexFeed}: after commit, as the database holds the scopes then). The round's read
   * is older than that commit; applied after it, it would drop mx2's zone until the next round.
   * Every read of the set takes a ticket as it starts, and one that began before a read already
   * applied is not applied.
   */
  @Test
  void aServerThisNodeCreatesWhileARoundReadsTheScopesKeepsItsZone() throws Exception {
    ScopeInfo acme = new ScopeInfo(ACME, "acme", null, 5);
    ScopeInfo mx1 = new ScopeInfo(MX1, "acme-mx1", ACME, 3);
    ScopeInfo mx2 = new ScopeInfo(3, "acme-mx2", ACME, 6);
    List<ScopeInfo> beforeCommit = List.of(acme, mx1);
    List<ScopeInfo> afterCommit = List.of(acme, mx1, mx2);
    CountDownLatch applied = new CountDownLatch(1);
    Thread committer =
        new Thread(
            () -> {
              index.apply(new ScopesChanged(afterCommit, 6, Set.of(3L)), () -> afterCommit);
              applied.countDown();
            });
    when(scopes.all())
        .thenAnswer(
            read -> {
              committer.start();
              // The commit is applied while the round's read is out.
              applied.await(5, TimeUnit.SECONDS);
              return beforeCommit;
            })
        .thenReturn(afterCommit);

    follower.catchUp();
    committer.join(5_000);

    assertThat(applied.getCount()).isZero();
    assertThat(index.snapshot().zone("acme-mx2")).isNotNull();
    assertThat(index.entriesSerials()).containsEntry(3L, 6L);
  }

  private void commit(long scope, long previous, long serial, ListKind kind, String value) {
    ActiveEntry entry =
        new ActiveEntry(
            nextEntryId++,
            scope,
            kind,
            EntryValue.parse(value),
            kind == ListKind.BLOCK ? BLOCK_CODE : ALLOW_CODE,
            null);
    committed.add(new EntriesChanged(scope, previous, serial, List.of(), List.of(entry)));
  }

  private void stored(long acmeSerial, long mx1Serial) {
    when(scopes.all())
        .thenReturn(
            List.of(
                new ScopeInfo(ACME, "acme", null, acmeSerial),
                new ScopeInfo(MX1, "acme-mx1", ACME, mx1Serial)));
  }

  /** What the server's zone answers for an IPv4 address: the winner's kind and owner, or none. */
  private String answer(String address) {
    EntryValue.Ip4Network network = (EntryValue.Ip4Network) EntryValue.parse(address);
    Verdict verdict = index.snapshot().zone("acme-mx1").ip4(network.address());
    return verdict == null
        ? "none"
        : verdict.kind() + (verdict.serverEntry() ? " server" : " account");
  }
}
