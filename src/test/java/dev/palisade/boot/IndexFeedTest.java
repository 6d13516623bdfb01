package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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
  private final IndexWiring.IndexFeed indexFeed = new IndexWiring.IndexFeed(index, following, feed);

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
