package dev.palisade.transfer;

import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * The owner names of one zone's records: reversed octets or nibbles of an address, or a domain
 * name, in front of the zone's origin, and the wildcard below a name. Immutable and thread-safe.
 */
final class Owners {

  /** Longest name in wire form (RFC 1035 §3.1). */
  private static final int MAX_NAME = 255;

  private static final Name WILDCARD = Name.fromConstantString("*");

  private final Name origin;
  private final byte[] originWire;

  Owners(Name origin) {
    this.origin = origin;
    this.originWire = origin.toWire();
  }

  Name origin() {
    return origin;
  }

  /**
   * The node of the first {@code depth} octets of an IPv4 address: {@code 2.0.192.<origin>}; null
   * when it would exceed 255 bytes (as the other methods).
   */
  Name ip4(int address, int depth) {
    byte[] wire = new byte[4 * depth + originWire.length];
    int at = 0;
    for (int i = depth - 1; i >= 0; i--) {
      String octet = Integer.toString((address >>> (24 - 8 * i)) & 0xff);
      wire[at++] = (byte) octet.length();
      for (int c = 0; c < octet.length(); c++) {
        wire[at++] = (byte) octet.charAt(c);
      }
    }
    return name(wire, at);
  }

  /** The node of the first {@code depth} nibbles of an IPv6 address, as RFC 5782 §2.4 names it. */
  Name ip6(long high, long low, int depth) {
    byte[] wire = new byte[2 * depth + originWire.length];
    int at = 0;
    for (int i = depth - 1; i >= 0; i--) {
      long half = i < 16 ? high : low;
      int nibble = (int) (half >>> (60 - 4 * (i % 16))) & 0xf;
      wire[at++] = 1;
      wire[at++] = (byte) Character.forDigit(nibble, 16);
    }
    return name(wire, at);
  }

  /** A domain name in front of the origin, or null when the whole name would exceed 255 bytes. */
  Name domain(String name) {
    try {
      return Name.fromString(name, origin);
    } catch (TextParseException e) {
      return null; // too long to be asked, so nothing to answer either
    }
  }

  /** The wildcard {@code *.<node>}, or null when it would exceed 255 bytes. */
  static Name wildcard(Name node) {
    try {
      return Name.concatenate(WILDCARD, node);
    } catch (NameTooLongException e) {
      return null;
    }
  }

  /** The name of the labels in front of the origin, or null when it would exceed 255 bytes. */
  private Name name(byte[] wire, int labelsLength) {
    if (labelsLength + originWire.length > MAX_NAME) {
      return null;
    }
    System.arraycopy(originWire, 0, wire, labelsLength, originWire.length);
    int length = labelsLength + originWire.length;
    byte[] whole = length == wire.length ? wire : Arrays.copyOf(wire, length);
    try {
      return new Name(whole);
    } catch (IOException e) {
      // Labels of digits in front of a valid origin, 255 bytes at most, always form a name.
      throw new IllegalStateException("unreadable owner name", e);
    }
  }
}
