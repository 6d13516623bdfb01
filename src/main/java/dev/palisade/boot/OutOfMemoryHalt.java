package dev.palisade.boot;

/**
 * Ends the process at once, with status 3 as {@code -XX:+ExitOnOutOfMemoryError} does, when an
 * {@link OutOfMemoryError} ends a thread uncaught. A JVM goes on running after such an error took
 * one thread away: when that thread was Tomcat's poller, every HTTP request (health included) went
 * unanswered for good while the process stayed up, so a service manager never restarted it. With
 * this handler a plain {@code java -jar} is covered too; the shipped systemd unit also passes the
 * JVM flag, which covers errors that some pool catches before they reach a handler.
 *
 * <p>It halts rather than exits: shutdown hooks would need memory, and could wait for the very
 * threads that are stuck. Other uncaught exceptions go on to the handler installed before, or are
 * printed as the JVM prints them. Thread-safe.
 */
public final class OutOfMemoryHalt implements Thread.UncaughtExceptionHandler {

  /** The status the process ends with, the one {@code -XX:+ExitOnOutOfMemoryError} uses. */
  public static final int STATUS = 3;

  private final Thread.UncaughtExceptionHandler next;

  private OutOfMemoryHalt(Thread.UncaughtExceptionHandler next) {
    this.next = next;
  }

  /** Makes this the JVM's default handler of uncaught exceptions; once, however often called. */
  public static synchronized void install() {
    Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
    if (!(current instanceof OutOfMemoryHalt)) {
      Thread.setDefaultUncaughtExceptionHandler(new OutOfMemoryHalt(current));
    }
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    if (outOfMemory(e)) {
      try {
        System.err.println("OutOfMemoryError in thread " + thread.getName() + "; halting");
        System.err.flush();
      } catch (Throwable ignored) {
        // Saying why may itself need memory there is not; the halt matters more.
      } finally {
        Runtime.getRuntime().halt(STATUS);
      }
    }
    if (next != null) {
      next.uncaughtException(thread, e);
    } else {
      System.err.print("Exception in thread \"" + thread.getName() + "\" ");
      e.printStackTrace(System.err);
    }
  }

  private static boolean outOfMemory(Throwable e) {
    // A bounded walk: a cause chain can loop.
    for (int depth = 0; e != null && depth < 32; depth++, e = e.getCause()) {
      if (e instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }
}
