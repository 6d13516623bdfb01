package dev.palisade.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * One node of the list, as operators see it.
 *
 * @param name its {@code palisade.cluster.node-name}
 * @param host its host name
 * @param version its version
 * @param dnsAddress where its DNS server listens ({@code address:port}); null if unknown
 * @param startedAt when it started
 * @param heartbeatAt when it last wrote its row
 * @param state {@link State#RUNNING}, {@link State#STALE} (no heartbeat for three heartbeat
 *     intervals: crashed, or cut off from the database) or {@link State#STOPPED} (stopped
 *     gracefully)
 * @param appliedSerial every change of the feed up to this serial is in its index
 * @param lagChanges changes of the feed it had not applied: at its last heartbeat while it runs;
 *     for a stale or stopped node, every change written since its last heartbeat too
 * @param lag how long the oldest of those had been waiting, or how long it had not been able to
 *     read the feed; at the same moment
 * @param thisNode whether it is the node that answers
 */
public record NodeStatus(
    String name,
    String host,
    String version,
    String dnsAddress,
    Instant startedAt,
    Instant heartbeatAt,
    State state,
    long appliedSerial,
    long lagChanges,
    Duration lag,
    boolean thisNode) {

  /** {@link #lag()} in seconds, with milliseconds: 0.25 for 250 ms. */
  public double lagSeconds() {
    return lag.toMillis() / 1000.0;
  }

  /** Whether a node is heard from. */
  public enum State {
    /** It wrote its heartbeat within three heartbeat intervals. */
    RUNNING,
    /**
     * It has not written its heartbeat for three heartbeat intervals, and did not say it stopped.
     */
    STALE,
    /** It stopped gracefully. */
    STOPPED
  }
}
