package dev.palisade.system;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Process-wide beans: the clock every feature reads time from, and scheduled jobs. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SystemConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
