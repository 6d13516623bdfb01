package dev.palisade.dns;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Answers what secondaries ask for the DNS server, which knows the sockets but not the zones'
 * transfers: the server hands every AXFR or IXFR query received over TCP to {@link #transfer}, and
 * IXFR over UDP and SOA queries on either transport to {@link #answer} — a secondary checks a
 * zone's serial with a SOA query (signed with its TSIG key, so it wants a signed answer) or, as NSD
 * does, with IXFR over UDP. Without a responder ({@link #NONE}) all of them take the ordinary path,
 * which refuses transfers. AXFR over UDP is never handed over (RFC 5936 §4.2: AXFR is TCP only) and
 * stays refused.
 *
 * <p>Implementations must be thread-safe: every TCP connection and UDP receiving thread calls them
 * at once. They run on the DNS threads, so they must not wait for anything but the socket.
 */
public interface TransferResponder {

  /** No transfers: the queries are answered as any other query would be (REFUSED). */
  TransferResponder NONE =
      new TransferResponder() {
        @Override
        public boolean transfer(byte[] query, int length, InetAddress client, Messages out) {
          return false;
        }

        @Override
        public byte[] answer(byte[] query, int length, InetAddress client) {
          return null;
        }
      };

  /**
   * Answers an AXFR or IXFR query received over TCP with as many messages as the answer takes, each
   * handed to {@code out} as soon as it is made, so a large zone never sits whole in memory.
   *
   * @param query the query's bytes; only the first {@code length} are the query
   * @param client the connection's peer
   * @return false to decline: the server then answers the query as any other
   * @throws IOException when writing to the connection fails; the server closes it
   */
  boolean transfer(byte[] query, int length, InetAddress client, Messages out) throws IOException;

  /**
   * Answers an IXFR query received over UDP (RFC 1995 §2: the current SOA alone tells the client to
   * ask again over TCP) or a SOA query with one message, or returns null to let the server answer
   * it as any other query. Called for every SOA query, so it must decline the ordinary ones
   * cheaply.
   */
  byte[] answer(byte[] query, int length, InetAddress client);

  /**
   * Whether the client is one the transfers allow by its address. A secondary refreshes its zones
   * over parallel TCP connections, one per zone, so the server does not hold it to {@code
   * palisade.dns.tcp-max-per-source}; {@code palisade.dns.tcp-max-connections} still bounds it. A
   * secondary loading a large zone may leave a message unread for a while, so on its connections
   * the messages of a transfer have {@code palisade.dns.transfer-message-timeout} to be read rather
   * than {@code tcp-message-timeout}. Called for every TCP connection accepted, so it must be
   * cheap. None by default.
   */
  default boolean secondary(InetAddress client) {
    return false;
  }

  /** Where a transfer's messages go: the TCP connection, framed and written one by one. */
  interface Messages {

    /** Writes one whole DNS message of {@code length} bytes (at most 65535). */
    void send(byte[] message, int length) throws IOException;
  }
}
