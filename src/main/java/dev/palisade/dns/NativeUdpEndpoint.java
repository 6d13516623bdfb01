package dev.palisade.dns;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP endpoint on Linux through {@link NativeUdp}: one {@code recvmmsg} per batch in, one {@code
 * sendmmsg} out, so a backlog of queued queries costs two system calls and two JNI calls in all
 * instead of two system calls each. At low load a batch holds one datagram and it costs what {@link
 * NioUdpEndpoint} does, minus the JDK's locking, copies and address objects.
 *
 * <p>Queries longer than {@link #QUERY_SLOT} bytes are dropped unanswered: no resolver sends one (a
 * question is at most 259 bytes, EDNS options add tens), and an answer built from a cut query would
 * be wrong.
 *
 * <p>Closing from another thread shuts the socket down, which wakes the receiver; the socket is
 * closed, and its port released, only when no call is inside it any more, so its descriptor can
 * never be reused under a running system call.
 */
final class NativeUdpEndpoint implements UdpEndpoint {

  /** Datagrams per system call: enough to drain a backlog, small enough to stay in cache. */
  static final int BATCH = 32;

  /** The longest query taken; longer ones are dropped. */
  static final int QUERY_SLOT = 4096;

  /** The longest answer: what {@link QueryHandler} guarantees over UDP. */
  static final int ANSWER_SLOT = QueryHandler.MAX_UDP_PAYLOAD;

  /** A sender's address: 16 bytes, IPv4 as IPv4-mapped. */
  private static final int SOURCE_SLOT = 16;

  private static final int RECEIVE_BUFFER = 1 << 20;

  /** Bit of {@link #state} set once closed; the bits below count calls inside the socket. */
  private static final int CLOSED = 1 << 30;

  private final ByteBuffer queries = ByteBuffer.allocateDirect(BATCH * QUERY_SLOT);
  private final ByteBuffer answers = ByteBuffer.allocateDirect(BATCH * ANSWER_SLOT);
  private final ByteBuffer sources = ByteBuffer.allocateDirect(BATCH * SOURCE_SLOT);
  private final int[] queryLengths = new int[BATCH];
  private final int[] answerLengths = new int[BATCH];
  private final AtomicInteger state = new AtomicInteger();
  private final long handle;
  private int count;

  private NativeUdpEndpoint(InetAddress address, int port) throws IOException {
    int scope = address instanceof Inet6Address ? ((Inet6Address) address).getScopeId() : 0;
    handle =
        NativeUdp.open(
            address.getAddress(),
            scope,
            port,
            RECEIVE_BUFFER,
            queries,
            QUERY_SLOT,
            answers,
            ANSWER_SLOT,
            sources,
            BATCH);
  }

  /** Opens {@code count} sockets bound to one address and port (SO_REUSEPORT). */
  static List<UdpEndpoint> bind(InetAddress address, int port, int count) throws IOException {
    List<UdpEndpoint> endpoints = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        endpoints.add(new NativeUdpEndpoint(address, port));
      }
      return endpoints;
    } catch (IOException | RuntimeException e) {
      endpoints.forEach(UdpEndpoint::close);
      throw e;
    }
  }

  @Override
  public int receive() throws IOException {
    enter();
    try {
      count = 0;
      int received = NativeUdp.receive(handle, queryLengths);
      Arrays.fill(answerLengths, 0, received, -1);
      count = received;
      return received;
    } finally {
      exit();
    }
  }

  @Override
  public int query(int i, byte[] into) {
    int length = queryLengths[i];
    if (length > QUERY_SLOT) {
      return -1;
    }
    queries.get(i * QUERY_SLOT, into, 0, length);
    return length;
  }

  @Override
  public void source(int i, byte[] into) {
    sources.get(i * SOURCE_SLOT, into, 0, SOURCE_SLOT);
  }

  @Override
  public void answer(int i, byte[] answer, int length) {
    if (length > ANSWER_SLOT) {
      throw new IllegalArgumentException(
          "a UDP answer of " + length + " bytes is over the " + ANSWER_SLOT + "-byte limit");
    }
    answers.put(i * ANSWER_SLOT, answer, 0, length);
    answerLengths[i] = length;
  }

  @Override
  public void send() throws IOException {
    enter();
    int failed;
    try {
      failed = NativeUdp.send(handle, count, answerLengths);
      count = 0;
    } finally {
      exit();
    }
    if (failed > 0) {
      throw new IOException(failed + " UDP answer(s) of a batch could not be sent");
    }
  }

  @Override
  public void close() {
    // Counts as a call itself while shutting down, so the handle cannot be freed meanwhile.
    int before = state.getAndUpdate(s -> (s & CLOSED) != 0 ? s : (s | CLOSED) + 1);
    if ((before & CLOSED) != 0) {
      return;
    }
    NativeUdp.shutdown(handle);
    exit();
  }

  private void enter() throws ClosedChannelException {
    int s;
    do {
      s = state.get();
      if ((s & CLOSED) != 0) {
        throw new ClosedChannelException();
      }
    } while (!state.compareAndSet(s, s + 1));
  }

  /** Leaves a call; the last one out after {@link #close()} closes the socket. */
  private void exit() {
    if (state.decrementAndGet() == CLOSED) {
      NativeUdp.close(handle);
    }
  }
}
