package dev.palisade.boot;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.StoredScopes;
import dev.palisade.cluster.Follower;
import dev.palisade.index.IndexFile;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index as built at start-up, with what the rest of the application needs to know about that
 * build: the moment it reflects (the expiry job takes over from there), the scopes it was built
 * with (the DNS counters start with them) and whether the index file already holds it.
 *
 * @param index the index, published and ready for DNS
 * @param asOf entries active at this moment were loaded; later expiries are the expiry job's
 * @param scopes the scopes loaded
 * @param fileCurrent whether every scope came from the index file and it holds no other, so it need
 *     not be written again before something changes
 * @param fileStamps the stamps of the scopes taken from the index file, by scope id
 * @param withoutDatabase whether the database could not be reached and everything came from the
 *     index file, unchecked: the scopes are brought up to date once the database is back
 */
record LoadedIndex(
    LiveIndex index,
    Instant asOf,
    List<ScopeInfo> scopes,
    boolean fileCurrent,
    Map<Long, IndexFile.Stamp> fileStamps,
    boolean withoutDatabase) {

  private static final Logger log = LoggerFactory.getLogger(LoadedIndex.class);
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /**
   * The scopes without their entries, for a context that answers no DNS (the command line): its
   * memory then does not grow with the database, and nothing reads the entries.
   */
  static LoadedIndex scopesOnly(StoredScopes storedScopes, Clock clock) {
    Instant asOf = clock.instant();
    List<ScopeInfo> scopes = storedScopes.all();
    LiveIndex index = new LiveIndex();
    index.loader(scopes, storedScopes.nextSerial()).publish();
    return new LoadedIndex(index, asOf, scopes, false, Map.of(), false);
  }

  /**
   * Reads every scope from the database, takes the scopes the index file still holds from it
   * ({@link IndexFileRestore}) and every other scope's active entries from the database, and
   * publishes them as one snapshot; then brings the scopes the file holds an older serial of up to
   * date from the change feed ({@code follower}), before DNS answers from them.
   */
  static LoadedIndex load(
      StoredScopes storedScopes,
      ActiveEntries entries,
      IndexFileRestore file,
      Function<LiveIndex, Follower> follower,
      Clock clock) {
    long started = System.nanoTime();
    long startedCpu = CPU.getCurrentThreadCpuTime();
    Instant asOf = clock.instant();
    List<ScopeInfo> scopes = storedScopes.all();
    long baseSerial = storedScopes.nextSerial();
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(scopes, baseSerial);
    IndexFileRestore.Plan plan = file.plan(scopes);
    long fromFile = 0;
    try {
      fromFile = plan.replay(loader);
    } catch (RuntimeException e) {
      log.warn("index file not used, every scope is loaded from the database: {}", e.toString());
      plan = IndexFileRestore.Plan.NONE;
      loader = index.loader(scopes, baseSerial);
      fromFile = 0;
    }
    long[] count = {fromFile};
    LiveIndex.Loader target = loader;
    if (plan.isEmpty()) {
      entries.forEach(
          asOf,
          entry -> {
            target.add(entry);
            count[0]++;
          });
    } else {
      for (ScopeInfo scope : scopes) {
        if (!plan.covers(scope.id())) {
          entries.forEach(
              scope.id(),
              null,
              asOf,
              entry -> {
                target.add(entry);
                count[0]++;
              });
        }
      }
    }
    loader.publish(asOf);
    if (plan != IndexFileRestore.Plan.NONE) {
      log.info(plan.describe(fromFile));
    }
    if (plan.hasBehind()) {
      follower.apply(index).catchUp();
    }
    // CPU time too: on a busy machine it tells the load's own cost apart from waiting for a core.
    log.info(
        "index built: {} active entries in {} ms ({} ms CPU)",
        count[0],
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        Duration.ofNanos(CPU.getCurrentThreadCpuTime() - startedCpu).toMillis());
    log.info("index memory: {}", index.footprint());
    return new LoadedIndex(index, asOf, scopes, plan.isComplete(), plan.stamps(), false);
  }

  /**
   * Builds the index from the index file alone, for a start while the database cannot be reached:
   * every saved scope with the label, account link, query ACL and serial it had, less the entries
   * that expired since. The caller has checked the file was written for this database's URL.
   */
  static LoadedIndex fromFile(Path path, IndexFile.Saved saved, Clock clock) {
    Instant asOf = clock.instant();
    long baseSerial = 0;
    List<ScopeInfo> scopes = new ArrayList<>();
    Map<Long, IndexFile.Stamp> stamps = new HashMap<>();
    for (IndexFile.SavedScope scope : saved.scopes()) {
      scopes.add(scope.info());
      stamps.put(scope.id(), scope.stamp());
      baseSerial = Math.max(baseSerial, scope.info().serial());
    }
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(saved, baseSerial);
    long entries = 0;
    for (IndexFile.SavedScope scope : saved.scopes()) {
      entries += loader.restore(scope, scope.stamp().serial());
    }
    loader.publish(asOf);
    log.warn(
        "DNS answers from the index file {} written at {} ({} scopes, {} entries) until the database"
            + " is back; then every scope is brought up to date",
        path,
        saved.writtenAt(),
        scopes.size(),
        entries);
    return new LoadedIndex(index, asOf, scopes, false, stamps, true);
  }
}
