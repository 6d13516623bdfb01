package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import dev.palisade.account.StoredScopes;
import dev.palisade.cluster.FeedFollowing;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ChangeFeed;
import dev.palisade.listing.EntriesChanged;
import dev.palisade.support.CapturedLog;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How this node's committed changes reach its index when they do not follow it: a change to a scope
 * an import in parts holds returns at once (a catch-up would skip the scope), said once per import.
 */
class IndexFeedTest {

  private static final long HELD = 7;

  private final LiveIndex index = mock(LiveIndex.class);
  private final FeedFollowing following = mock(FeedFollowing.class);
  private final ChangeFeed feed = mock(ChangeFeed.class);
  private final StoredScopes stored = mock(StoredScopes.class);
  private final IndexWiring.IndexFeed indexFeed =
      new IndexWiring.IndexFeed(index, following, feed, stored);

  @Test
  void aWriteToAScopeAnImportHoldsDoesNotWaitForTheFeedAndIsReportedOncePerImport() {
    when(index.applyIfFollows(any())).thenReturn(false);
    when(feed.importing()).thenReturn(Set.of(HELD));
    long mark = CapturedLog.mark();

    indexFeed.on(EntriesChanged.unlisted(HELD, 10)); // a part of the import
    indexFeed.on(write(11));
    indexFeed.on(write(12));

    verify(following, never()).catchUpNow(anyLong(), anyLong());
    assertThat(held(CapturedLog.since(mark))).containsExactly("INFO");

    when(feed.importing()).thenReturn(Set.of());
    when(following.catchUpNow(HELD, 10_000)).thenReturn(true);
    indexFeed.on(EntriesChanged.unlisted(HELD, 13)); // the import's end
    verify(following).catchUpNow(HELD, 10_000);

    when(feed.importing()).thenReturn(Set.of(HELD));
    indexFeed.on(write(15)); // the next import
    assertThat(held(CapturedLog.since(mark))).containsExactly("INFO", "INFO");
    assertThat(CapturedLog.since(mark)).doesNotContain("ERROR");
  }

  /**
   * A committed scope change is applied as the database holds the scopes after the commit; when
   * they cannot be read then, as the change's transaction saw them, with a warning (the change
   * feed's next round catches up), rather than not at all.
   */
  @Test
  void aScopeChangeWhoseScopesCannotBeReadAfterCommitIsAppliedAsItsTransactionSawThem() {
    LiveIndex real = new LiveIndex();
    var feedOfReal = new IndexWiring.IndexFeed(real, following, feed, stored);
    ScopeInfo acme = new ScopeInfo(1, "acme", null, 5);
    ScopeInfo mx1 = new ScopeInfo(2, "acme-mx1", 1L, 6);
    ScopeInfo mx2 = new ScopeInfo(3, "acme-mx2", 1L, 7);
    when(stored.all()).thenReturn(List.of(acme, mx1, mx2));
    feedOfReal.on(new ScopesChanged(List.of(acme, mx1), 6, Set.of(2L)));
    assertThat(real.snapshot().zone("acme-mx2")).isNotNull();

    when(stored.all()).thenThrow(new IllegalStateException("cannot read the scopes: gone"));
    long mark = CapturedLog.mark();
    feedOfReal.on(new ScopesChanged(List.of(acme, mx1), 8));

    assertThat(real.snapshot().zone("acme-mx2")).isNull();
    assertThat(real.snapshot().zone("acme-mx1")).isNotNull();
    assertThat(CapturedLog.since(mark))
        .contains("WARN")
        .contains("cannot read the scopes: gone")
        .doesNotContain("ERROR");
  }

  private static EntriesChanged write(long serial) {
    return new EntriesChanged(HELD, serial - 1, serial, List.of(), List.of());
  }

  /** The levels of the lines saying a scope is held. */
  private static List<String> held(String log) {
    return log.lines()
        .filter(line -> line.contains("scope " + HELD + ": an import in parts holds it"))
        .map(line -> line.substring(0, line.indexOf(' ')))
        .toList();
  }
}
