package dev.palisade.boot;

import dev.palisade.dns.DnsServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The order in which the application goes down: as its context begins to close, DNS stops first,
 * then the jobs ({@link JobThreads}, without an interrupt), and only then are beans destroyed, so
 * the last statistics and the index file are written while the database is still open: the hits
 * written last are all that DNS counted, and nothing answers from an index that is no longer kept
 * current. Without it DNS, in the parent context, stopped only after the application had written
 * everything.
 *
 * <p>It acts on the closing of its own context only (the event Spring publishes before any
 * lifecycle stop or bean destruction), not on a lifecycle stop: a stopped context can be started
 * again (Spring's tests pause the contexts they cache that way), and neither DNS nor the job
 * threads would start again with it.
 *
 * <p>Thread-safe, as {@link DnsServer#stop()} and {@link JobThreads#close()} are; stopping twice is
 * stopping once.
 */
final class DnsStopsFirst
    implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

  private final ObjectProvider<DnsServer> dns;
  private final JobThreads jobs;
  private ApplicationContext context;

  DnsStopsFirst(ObjectProvider<DnsServer> dns, JobThreads jobs) {
    this.dns = dns;
    this.jobs = jobs;
  }

  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    if (event.getApplicationContext() != context) {
      return;
    }
    dns.ifAvailable(DnsServer::stop);
    jobs.close();
  }
}
