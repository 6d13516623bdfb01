package dev.palisade.system;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.StoredScopes;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntries;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index as built from the database at start-up, with what the rest of the application needs to
 * know about that build: the moment it reflects (the expiry job takes over from there) and the
 * scopes it was built with (the DNS counters start with them).
 *
 * @param index the index, published and ready for DNS
 * @param asOf entries active at this moment were loaded; later expiries are the expiry job's
 * @param scopes the scopes loaded
 */
record LoadedIndex(LiveIndex index, Instant asOf, List<ScopeInfo> scopes) {

  private static final Logger log = LoggerFactory.getLogger(LoadedIndex.class);
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /** Reads every scope and active entry with plain JDBC and publishes them as one snapshot. */
  static LoadedIndex load(StoredScopes storedScopes, ActiveEntries entries, Clock clock) {
    long started = System.nanoTime();
    long startedCpu = CPU.getCurrentThreadCpuTime();
    Instant asOf = clock.instant();
    List<ScopeInfo> scopes = storedScopes.all();
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(scopes, storedScopes.nextSerial());
    long[] count = {0};
    entries.forEach(
        asOf,
        entry -> {
          loader.add(entry);
          count[0]++;
        });
    loader.publish();
    // CPU time too: on a busy machine it tells the load's own cost apart from waiting for a core.
    log.info(
        "index built: {} active entries in {} ms ({} ms CPU)",
        count[0],
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        Duration.ofNanos(CPU.getCurrentThreadCpuTime() - startedCpu).toMillis());
    log.info("index memory: {}", index.footprint());
    return new LoadedIndex(index, asOf, scopes);
  }
}
