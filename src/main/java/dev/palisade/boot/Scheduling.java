package dev.palisade.boot;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the features' scheduled jobs (expiry, statistics flushes, index file saves) in the
 * application context; the DNS context that starts first has none.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class Scheduling {}
