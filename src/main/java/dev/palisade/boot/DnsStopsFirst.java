package dev.palisade.boot;

import dev.palisade.dns.DnsServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Stops DNS first as the application closes, before its jobs ({@link JobThreads}), the last
 * statistics and the index file: the hits written last are all that DNS counted, and nothing
 * answers from an index that is no longer kept current. Without it DNS, in the parent context,
 * stopped only after the application had written everything.
 *
 * <p>Thread-safe, as {@link DnsServer#stop()} is; stopping DNS twice is stopping it once.
 */
final class DnsStopsFirst implements SmartLifecycle {

  /** The first phase to stop: before {@link JobThreads#PHASE}. */
  static final int PHASE = Integer.MAX_VALUE;

  private final ObjectProvider<DnsServer> dns;

  DnsStopsFirst(ObjectProvider<DnsServer> dns) {
    this.dns = dns;
  }

  /** Nothing to start: DNS started with its own context. */
  @Override
  public void start() {}

  @Override
  public void stop() {
    dns.ifAvailable(DnsServer::stop);
  }

  @Override
  public boolean isRunning() {
    DnsServer server = dns.getIfAvailable();
    return server != null && server.isRunning();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
