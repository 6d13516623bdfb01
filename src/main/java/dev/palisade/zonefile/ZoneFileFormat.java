package dev.palisade.zonefile;

import java.util.Locale;

/**
 * The rbldnsd dataset types Palisade reads. Each names the syntax of one data file; the same names
 * are used in {@code zones/manifest.txt} and on rbldnsd's command line.
 */
public enum ZoneFileFormat {
  /** IPv4 addresses, CIDR networks, rbldnsd's partial prefixes ({@code 10.1}) and ranges. */
  IP4SET("ip4set"),
  /** IPv4 addresses, CIDR networks and partial prefixes; no ranges. */
  IP4TRIE("ip4trie"),
  /** IPv6 addresses and CIDR networks, with rbldnsd's omitted trailing groups. */
  IP6TRIE("ip6trie"),
  /**
   * IPv6 /64 networks written as four groups ({@code 2001:db8:1:2}) and excluded single addresses,
   * all sharing the file's one A+TXT value. Import only.
   */
  IP6TSET("ip6tset"),
  /** Domain names: {@code example.com}, {@code .example.com}, {@code *.example.com}. */
  DNSET("dnset"),
  /**
   * Several of the formats above in one file, each after a {@code $DATASET type @} line; every
   * dataset must serve the base zone itself ({@code @}). Import only.
   */
  COMBINED("combined");

  private final String rbldnsdName;

  ZoneFileFormat(String rbldnsdName) {
    this.rbldnsdName = rbldnsdName;
  }

  /**
   * Whether Palisade can write this format. {@code ip6tset} holds one value for the whole file and
   * {@code combined} several zones, so neither can carry what one Palisade zone answers.
   */
  public boolean exportable() {
    return this != IP6TSET && this != COMBINED;
  }

  /** The dataset type as rbldnsd spells it, e.g. {@code ip4set}. */
  public String rbldnsdName() {
    return rbldnsdName;
  }

  /**
   * The format with the given rbldnsd name, ignoring case. Throws {@link IllegalArgumentException}
   * naming the supported formats otherwise.
   */
  public static ZoneFileFormat fromName(String name) {
    String lower = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (ZoneFileFormat format : values()) {
      if (format.rbldnsdName.equals(lower)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '"
            + name
            + "'; supported: ip4set, ip4trie, ip6trie, ip6tset, dnset, combined"
            + (lower.equals("generic") || lower.startsWith("acl")
                ? " (" + lower + " datasets are not supported)"
                : ""));
  }

  @Override
  public String toString() {
    return rbldnsdName;
  }
}
