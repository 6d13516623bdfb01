package dev.palisade.boot;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.dns.DnsServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the features' scheduled jobs (expiry, statistics flushes, index file saves, pruning of the
 * change feed) in the application context, each on a thread of its own ({@link JobThreads}); the
 * DNS context that starts first has none. As the application closes, DNS stops first ({@link
 * DnsStopsFirst}), then the jobs ({@link JobThreads}), and only then are beans destroyed: the last
 * statistics and the index file are written while the database is still open.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class Scheduling {

  /** Found by its name and type by Spring's {@code @Scheduled} processing. */
  @Bean(destroyMethod = "close")
  JobThreads taskScheduler(DatabaseStatus database) {
    return new JobThreads(database);
  }

  @Bean
  DnsStopsFirst dnsStopsFirst(ObjectProvider<DnsServer> dns, JobThreads jobs) {
    return new DnsStopsFirst(dns, jobs);
  }
}
