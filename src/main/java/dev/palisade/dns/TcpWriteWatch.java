package dev.palisade.dns;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes TCP connections whose answer cannot be written within the message timeout. A blocking
 * socket has no write timeout: a client that pipelines queries and never reads the answers fills
 * the socket buffers, and the connection's thread would wait in {@code write} for ever, holding its
 * slot — the same exhaustion as a slow reader, from the other side (RFC 7766 §10).
 *
 * <p>Connection threads mark each write; one daemon thread looks at the marks a few times per
 * timeout and closes the sockets whose write is overdue, which fails the blocked write.
 * Thread-safe; {@link #start()} and {@link #stop()} go with the server's.
 */
final class TcpWriteWatch {

  private final long timeoutNanos;
  private final long tickMillis;
  private final TcpCounters counters;
  private final Map<Socket, Long> writing = new ConcurrentHashMap<>();
  private volatile Thread thread;

  TcpWriteWatch(Duration timeout, TcpCounters counters) {
    this.timeoutNanos = timeout.toNanos();
    // A quarter of the timeout, within 10 ms to 1 s: overdue writes end soon after their deadline.
    this.tickMillis = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
    this.counters = counters;
  }

  /** A write on the socket begins; it must end within the timeout. */
  void writing(Socket socket) {
    writing.put(socket, System.nanoTime() + timeoutNanos);
  }

  /** The write on the socket ended. */
  void written(Socket socket) {
    writing.remove(socket);
  }

  void start() {
    Thread watch = new Thread(this::watch, "dns-tcp-write-watch");
    watch.setDaemon(true);
    thread = watch;
    watch.start();
  }

  void stop() {
    Thread watch = thread;
    thread = null;
    if (watch != null) {
      watch.interrupt();
    }
    writing.clear();
  }

  private void watch() {
    while (thread == Thread.currentThread()) {
      try {
        Thread.sleep(tickMillis);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      writing.forEach(
          (socket, deadline) -> {
            // remove(key, value): a write that ended, or a newer one, is left alone.
            if (now - deadline > 0 && writing.remove(socket, deadline)) {
              counters.closedUnread(1);
              try {
                socket.close();
              } catch (IOException e) {
                // closing: the blocked write fails either way
              }
            }
          });
    }
  }
}
