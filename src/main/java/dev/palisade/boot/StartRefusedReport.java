package dev.palisade.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a start that failed with {@link StartRefused} as its one line, where Spring Boot would
 * print the exception with its stack trace. Listed in {@code META-INF/spring.factories}, ahead of
 * Spring Boot's own reporters; other failures are left to them.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class StartRefusedReport implements SpringBootExceptionReporter {

  private static final Logger log = LoggerFactory.getLogger(StartRefused.class);

  @Override
  public boolean reportException(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof StartRefused refused) {
        log.error("cannot start: {}", refused.getMessage());
        return true;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }
}
