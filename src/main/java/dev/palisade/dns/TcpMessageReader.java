package dev.palisade.dns;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Reads the length-prefixed DNS messages of one TCP connection (RFC 1035 §4.2.2) under two
 * deadlines: the first byte of the next message must come within the idle timeout, and once it has,
 * the rest of the length and the whole message within the message timeout — however the bytes
 * trickle in. A deadline per read would let a client keep a connection forever with one byte every
 * few seconds; RFC 7766 §10 asks servers to guard against exactly that, and §6.2.3 lets them close
 * idle connections.
 *
 * <p>Used by the one thread serving the connection: not thread-safe.
 */
final class TcpMessageReader {

  /** The client closed the connection between messages, or within one. */
  static final int CLOSED = -1;

  /** No message began within the idle timeout. */
  static final int IDLE = -2;

  /** A message began but did not arrive whole within the message timeout. */
  static final int SLOW = -3;

  /** A message of length 0: no DNS message is empty, so the framing cannot be trusted any more. */
  static final int EMPTY = -4;

  private final Socket socket;
  private final InputStream in;
  private final int idleMillis;
  private final long messageNanos;

  TcpMessageReader(Socket socket, Duration idle, Duration message) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.idleMillis = (int) idle.toMillis();
    this.messageNanos = message.toNanos();
  }

  /**
   * Reads the next message into {@code into} and returns its length; or one of {@link #CLOSED},
   * {@link #IDLE}, {@link #SLOW}, {@link #EMPTY}, after which the connection should be closed.
   *
   * @param into at least 65535 bytes
   * @throws IOException when the connection fails (reset, closed by the server)
   */
  int next(byte[] into) throws IOException {
    int first;
    try {
      socket.setSoTimeout(idleMillis);
      first = in.read();
    } catch (SocketTimeoutException e) {
      return IDLE;
    }
    if (first < 0) {
      return CLOSED;
    }
    long deadline = System.nanoTime() + messageNanos;
    int second = readByte(deadline);
    if (second < 0) {
      return second;
    }
    int length = (first << 8) | second;
    if (length == 0) {
      return EMPTY;
    }
    int read = 0;
    while (read < length) {
      if (!waitUntil(deadline)) {
        return SLOW;
      }
      int n;
      try {
        n = in.read(into, read, length - read);
      } catch (SocketTimeoutException e) {
        return SLOW;
      }
      if (n < 0) {
        return CLOSED;
      }
      read += n;
    }
    return length;
  }

  /** The next byte, or {@link #SLOW} or {@link #CLOSED}. */
  private int readByte(long deadline) throws IOException {
    if (!waitUntil(deadline)) {
      return SLOW;
    }
    try {
      int b = in.read();
      return b < 0 ? CLOSED : b;
    } catch (SocketTimeoutException e) {
      return SLOW;
    }
  }

  /** Lets the next read wait until the deadline; false when it has passed. */
  private boolean waitUntil(long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    // Rounded up, so a read never waits 0 ms, which would mean "for ever".
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    return true;
  }
}
