package dev.palisade.dns;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes TCP connections whose answer cannot be written within the message timeout. A blocking
 * socket has no write timeout: a client that pipelines queries and never reads the answers fills
 * the socket buffers, and the connection's thread would wait in {@code write} for ever, holding its
 * slot — the same exhaustion as a slow reader, from the other side (RFC 7766 §10).
 *
 * <p>A message of a zone transfer to a secondary has a limit of its own, longer: a secondary
 * loading a large zone may leave a message unread for a while (a busy machine, a slow link), and
 * closing the connection then would cost it the whole transfer. A secondary that reads nothing for
 * that long is cut off all the same, with one log line, so it cannot hold a connection for ever.
 *
 * <p>Connection threads mark each write; one daemon thread looks at the marks a few times per
 * shorter timeout and closes the sockets whose write is overdue, which fails the blocked write.
 * Thread-safe; {@link #start()} and {@link #stop()} go with the server's.
 */
final class TcpWriteWatch {

  private static final Logger log = LoggerFactory.getLogger(TcpWriteWatch.class);

  private final Duration answerTimeout;
  private final Duration transferTimeout;
  private final long tickMillis;
  private final TcpCounters counters;
  private final Map<Socket, Write> writing = new ConcurrentHashMap<>();
  private volatile Thread thread;

  /** A write under way: when it is overdue, and whether it is a message of a zone transfer. */
  private record Write(long deadline, boolean transfer) {}

  /**
   * @param answerTimeout the limit of an answer to a query ({@code tcp-message-timeout})
   * @param transferTimeout the limit of each message of a zone transfer ({@code
   *     transfer-message-timeout})
   */
  TcpWriteWatch(Duration answerTimeout, Duration transferTimeout, TcpCounters counters) {
    this.answerTimeout = answerTimeout;
    this.transferTimeout = transferTimeout;
    long shorter = Math.min(answerTimeout.toMillis(), transferTimeout.toMillis());
    // A quarter of the shorter timeout, within 10 ms to 1 s: overdue writes end soon after their
    // deadline.
    this.tickMillis = Math.max(10, Math.min(1000, shorter / 4));
    this.counters = counters;
  }

  /** A write of an answer on the socket begins; it must end within the answer timeout. */
  void writing(Socket socket) {
    writing.put(socket, new Write(System.nanoTime() + answerTimeout.toNanos(), false));
  }

  /** A write of a zone transfer's message begins; it must end within the transfer timeout. */
  void writingTransfer(Socket socket) {
    writing.put(socket, new Write(System.nanoTime() + transferTimeout.toNanos(), true));
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
          (socket, write) -> {
            // remove(key, value): a write that ended, or a newer one, is left alone.
            if (now - write.deadline() > 0 && writing.remove(socket, write)) {
              counters.closedUnread(1);
              if (write.transfer()) {
                // Only addresses allowed to transfer get here: one line each is bounded.
                log.warn(
                    "zone transfer to {} cut off: a message waited {} to be read"
                        + " (palisade.dns.transfer-message-timeout)",
                    socket.getInetAddress().getHostAddress(),
                    // PT2M as the setting is written: 2m
                    transferTimeout.toString().substring(2).toLowerCase(Locale.ROOT));
              }
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
