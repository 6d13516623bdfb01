package dev.palisade.boot;

import dev.palisade.common.DatabaseStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the features' scheduled jobs (expiry, statistics flushes, index file saves, pruning of the
 * change feed) in the application context, each on a thread of its own ({@link JobThreads}); the
 * DNS context that starts first has none.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class Scheduling {

  /** Found by its name and type by Spring's {@code @Scheduled} processing. */
  @Bean(destroyMethod = "close")
  JobThreads taskScheduler(DatabaseStatus database) {
    return new JobThreads(database);
  }
}
