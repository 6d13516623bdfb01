package dev.palisade.transfer;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.Networks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Settings of zone transfers to standard secondaries, bound from {@code palisade.transfer.*} and
 * checked once at start-up: an invalid value stops the application with a message naming the
 * property (never a secret). Immutable.
 *
 * @param allow the networks secondaries transfer from, such as {@code 192.0.2.53/32,
 *     2001:db8::/64}. Every other address is refused. Default empty: nobody may transfer.
 * @param keys TSIG keys (RFC 8945). When there is any, a transfer must also be signed with one of
 *     them; a request signed with a key not listed, or with a wrong secret, gets the TSIG error the
 *     RFC specifies. Default none.
 * @param notifyTargets ({@code palisade.transfer.notify}) the secondaries told of every change
 *     (NOTIFY, RFC 1996), each with the key to sign with, if any. Default none.
 * @param catalogZone the name of the catalog zone (RFC 9432) that lists every served zone. It must
 *     lie outside the base zone: it is transfer-only, and a normal query for it is refused like any
 *     name Palisade does not serve. Default {@code catalog.invalid}; give each installation that
 *     feeds the same secondary a name of its own.
 * @param refusalLogInterval how long after logging a refused transfer from one address further
 *     refusals from it stay quiet. Default 10 minutes.
 */
@ConfigurationProperties("palisade.transfer")
public record SecondarySettings(
    List<String> allow,
    List<Key> keys,
    @org.springframework.boot.context.properties.bind.Name("notify")
        List<NotifyTarget> notifyTargets,
    String catalogZone,
    Duration refusalLogInterval) {

  public SecondarySettings {
    allow = allow == null ? List.of() : List.copyOf(allow);
    if (!allow.isEmpty()) {
      try {
        Networks.parse(allow);
      } catch (InvalidEntryException e) {
        throw invalid("allow", String.join(", ", allow), e.getMessage());
      }
    }
    keys = keys == null ? List.of() : List.copyOf(keys);
    Set<Name> names = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      Key key = keys.get(i);
      if (key == null) {
        throw invalid("keys[" + i + "]", "", "is empty");
      }
      if (!names.add(TsigKeys.keyName(key.name()))) {
        throw invalid("keys[" + i + "].name", key.name(), "is listed twice");
      }
    }
    notifyTargets = notifyTargets == null ? List.of() : List.copyOf(notifyTargets);
    for (int i = 0; i < notifyTargets.size(); i++) {
      NotifyTarget target = notifyTargets.get(i);
      if (target == null || target.address() == null || target.address().isBlank()) {
        throw invalid("notify[" + i + "].address", "", "is missing");
      }
      target.socketAddress("palisade.transfer.notify[" + i + "].address");
      if (target.signed() && !names.contains(TsigKeys.keyName(target.key()))) {
        throw invalid(
            "notify[" + i + "].key", target.key(), "is not one of palisade.transfer.keys");
      }
    }
    if (catalogZone == null || catalogZone.isBlank()) {
      catalogZone = "catalog.invalid";
    }
    try {
      Name catalog = Name.fromString(catalogZone.strip(), Name.root);
      if (catalog.labels() < 2) {
        throw invalid("catalog-zone", catalogZone, "must be a domain name below the root");
      }
      catalogZone = catalog.toString(true).toLowerCase(Locale.ROOT);
    } catch (TextParseException e) {
      throw invalid("catalog-zone", catalogZone, "is not a valid domain name: " + e.getMessage());
    }
    if (refusalLogInterval == null) {
      refusalLogInterval = Duration.ofMinutes(10);
    }
    if (refusalLogInterval.isNegative()) {
      throw invalid("refusal-log-interval", refusalLogInterval, "must not be negative");
    }
  }

  /** No transfers, no NOTIFY: what an installation without {@code palisade.transfer} gets. */
  public static SecondarySettings defaults() {
    return new SecondarySettings(null, null, null, null, null);
  }

  /** The networks of {@link #allow()}; null when it is empty: nobody may transfer. */
  Networks allowNetworks() {
    return allow.isEmpty() ? null : Networks.parse(allow);
  }

  /** The catalog zone's name, absolute. */
  Name catalogName() {
    return Name.fromConstantString(catalogZone + ".");
  }

  /**
   * One TSIG key: its name (as the secondaries know it), its algorithm ({@code hmac-sha256} unless
   * said otherwise; {@code hmac-sha1} … {@code hmac-sha512}, {@code hmac-md5}) and its secret in
   * base64, as {@code tsig-keygen} and {@code keymgr} print it. {@link #toString()} leaves the
   * secret out, so it never reaches a log.
   */
  public record Key(String name, String algorithm, String secret) {

    @Override
    public String toString() {
      return "Key[name=" + name + ", algorithm=" + algorithm + ", secret=(hidden)]";
    }
  }

  /**
   * A secondary to send NOTIFY to: {@code host:port} ({@code [2001:db8::1]:53} for IPv6; port 53
   * when left out), and the name of the key to sign with, or none.
   */
  public record NotifyTarget(String address, String key) {

    /**
     * The address as a socket address; an IP address is required, never a host name, so nothing is
     * looked up. Throws {@link IllegalArgumentException} naming {@code property}.
     */
    InetSocketAddress socketAddress(String property) {
      String text = address.strip();
      String host = text;
      int port = 53;
      if (text.startsWith("[")) {
        int end = text.indexOf(']');
        if (end < 0) {
          throw new IllegalArgumentException(property + " '" + address + "' lacks its ']'");
        }
        host = text.substring(1, end);
        String rest = text.substring(end + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new IllegalArgumentException(property + " '" + address + "' is not host:port");
          }
          port = port(rest.substring(1), property);
        }
      } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
        host = text.substring(0, text.indexOf(':'));
        port = port(text.substring(text.indexOf(':') + 1), property);
      }
      try {
        EntryValue value = EntryValue.parse(host);
        boolean single =
            value instanceof EntryValue.Ip4Network v4
                ? v4.prefixLength() == 32
                : value instanceof EntryValue.Ip6Network v6 && v6.prefixLength() == 128;
        if (!single) {
          throw new IllegalArgumentException(property + " '" + address + "' is not an IP address");
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
      } catch (InvalidEntryException | UnknownHostException e) {
        throw new IllegalArgumentException(
            property + " '" + address + "' is not an IP address with an optional port", e);
      }
    }

    private static int port(String text, String property) {
      try {
        int port = Integer.parseInt(text);
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new IllegalArgumentException(property + " port '" + text + "' is not 1 to 65535");
    }

    /** Whether NOTIFY to this secondary is signed. */
    boolean signed() {
      return key != null && !key.isBlank();
    }
  }

  private static IllegalArgumentException invalid(String property, Object value, String problem) {
    return new IllegalArgumentException(
        "palisade.transfer." + property + " '" + value + "' " + problem);
  }
}
