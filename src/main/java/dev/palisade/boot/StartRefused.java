package dev.palisade.boot;

/**
 * Palisade cannot start, for a reason an operator fixes outside it (the database, another process);
 * the message says what and what to do, in one line, and is all the log shows ({@link
 * StartRefusedReport}): no stack trace.
 */
public final class StartRefused extends RuntimeException {

  StartRefused(String message) {
    super(message, null, false, false);
  }
}
