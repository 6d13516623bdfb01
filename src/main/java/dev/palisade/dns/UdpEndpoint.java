package dev.palisade.dns;

import java.io.Closeable;
import java.io.IOException;

/**
 * One UDP socket of the DNS server as its receiving thread sees it: a batch of queries in, the
 * answers to their senders out. Hides how the socket is read and written ({@link NioUdpEndpoint},
 * {@link NativeUdpEndpoint}), so the server loop stays the same for both and never handles a
 * sender's socket address, only, for rate limiting, its IP address as bytes.
 *
 * <p>One thread uses an endpoint: {@link #receive()}, then {@link #query} and {@link #answer} for
 * each datagram of the batch, then {@link #send()}. Only {@link #close()} may be called from
 * another thread; it wakes a thread blocked in {@link #receive()} and releases the port once that
 * thread has let go of the socket.
 */
interface UdpEndpoint extends Closeable {

  /**
   * Blocks until at least one datagram arrives and returns how many this batch holds (those already
   * queued come along, up to the endpoint's batch size). May return 0, and returns at once after
   * {@link #close()}.
   *
   * @throws java.nio.channels.ClosedChannelException when the endpoint was closed before the call
   */
  int receive() throws IOException;

  /**
   * Copies datagram {@code i} of the current batch into {@code into} and returns its length, or -1
   * when it is to be dropped unanswered (larger than the endpoint accepts).
   *
   * @param into at least 65535 bytes
   */
  int query(int i, byte[] into);

  /**
   * Copies the IP address of the sender of datagram {@code i} of the current batch into {@code
   * into}: 16 bytes, an IPv4 sender IPv4-mapped ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2), so one
   * form serves both families. Allocates nothing while the sender stays the same.
   *
   * @param into at least 16 bytes
   */
  void source(int i, byte[] into);

  /**
   * Answers datagram {@code i} of the current batch with the first {@code length} bytes of {@code
   * answer}; at the latest by {@link #send()}. A datagram given no answer gets none.
   *
   * @param length at most {@link QueryHandler#MAX_UDP_PAYLOAD}, what the handler guarantees for UDP
   * @throws IOException when the answer could not be sent to this one client
   */
  void answer(int i, byte[] answer, int length) throws IOException;

  /**
   * Sends the answers of the current batch that are not sent yet. One failed client does not stop
   * the others.
   *
   * @throws IOException naming how many answers could not be sent
   */
  void send() throws IOException;

  /** Wakes the receiving thread and closes the socket; safe from any thread, idempotent. */
  @Override
  void close();
}
