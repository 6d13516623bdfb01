package dev.palisade.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * This process as the list of nodes knows it: a random id new at every start, its name, host and
 * version, when it started, and where its DNS listens (asked when first written, once the server
 * has bound its port). Immutable and thread-safe.
 *
 * @param id random, new at every start
 * @param name {@code palisade.cluster.node-name}, as the change feed records it
 * @param host the host name
 * @param version the jar's version, or {@code development} when run from classes
 * @param startedAt when this process started
 * @param dnsAddress where its DNS server listens, as {@code address:port}; null without one
 */
public record NodeIdentity(
    String id,
    String name,
    String host,
    String version,
    Instant startedAt,
    Supplier<String> dnsAddress) {

  /** A new identity for this process, started at {@code startedAt}. */
  public static NodeIdentity of(String name, Instant startedAt, Supplier<String> dnsAddress) {
    return new NodeIdentity(
        UUID.randomUUID().toString(), name, hostName(), jarVersion(), startedAt, dnsAddress);
  }

  private static String jarVersion() {
    String version = NodeIdentity.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
