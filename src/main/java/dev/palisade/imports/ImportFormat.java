package dev.palisade.imports;

import dev.palisade.zonefile.ZoneFileFormat;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The formats every import accepts, whether it comes through the web UI, the REST API or the
 * command line: two plain ones for lists kept by hand or by scripts, and rbldnsd's data files.
 */
public enum ImportFormat {
  /**
   * One address, network or domain per line, optionally followed by a reason; {@code #} comments.
   */
  LINES("lines", null, "one per line (value, then reason)"),
  /** {@code value,reason,return code,expires}; only the value is required, a header is optional. */
  CSV("csv", null, "CSV: value,reason,return code,expires"),
  /** rbldnsd ip4set: IPv4 addresses, networks, partial prefixes and ranges. */
  IP4SET("ip4set", ZoneFileFormat.IP4SET, "rbldnsd ip4set"),
  /** rbldnsd ip4trie: IPv4 addresses and networks. */
  IP4TRIE("ip4trie", ZoneFileFormat.IP4TRIE, "rbldnsd ip4trie"),
  /** rbldnsd ip6trie: IPv6 addresses and networks. */
  IP6TRIE("ip6trie", ZoneFileFormat.IP6TRIE, "rbldnsd ip6trie"),
  /** rbldnsd ip6tset: IPv6 /64 networks sharing one value. */
  IP6TSET("ip6tset", ZoneFileFormat.IP6TSET, "rbldnsd ip6tset"),
  /** rbldnsd dnset: domain names. */
  DNSET("dnset", ZoneFileFormat.DNSET, "rbldnsd dnset"),
  /** rbldnsd combined: several of the rbldnsd formats, each after a {@code $DATASET} line. */
  COMBINED("combined", ZoneFileFormat.COMBINED, "rbldnsd combined");

  private final String formatName;
  private final ZoneFileFormat zoneFileFormat;
  private final String label;

  ImportFormat(String formatName, ZoneFileFormat zoneFileFormat, String label) {
    this.formatName = formatName;
    this.zoneFileFormat = zoneFileFormat;
    this.label = label;
  }

  /** The name clients write, e.g. {@code csv} or {@code ip4set}. */
  public String formatName() {
    return formatName;
  }

  /** The rbldnsd dataset type this format reads, or null for {@code lines} and {@code csv}. */
  ZoneFileFormat zoneFileFormat() {
    return zoneFileFormat;
  }

  /** A short description for a choice in the web UI. */
  public String label() {
    return label;
  }

  /** The import format reading an rbldnsd dataset type. */
  static ImportFormat of(ZoneFileFormat format) {
    for (ImportFormat candidate : values()) {
      if (candidate.zoneFileFormat == format) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("no import format reads " + format);
  }

  /** Every format's name, comma-separated, for messages: {@code lines, csv, ip4set, ...}. */
  public static String names() {
    return Arrays.stream(values()).map(f -> f.formatName).collect(Collectors.joining(", "));
  }

  /**
   * The format with the given name, ignoring case and surrounding blanks. Throws {@link
   * IllegalArgumentException} naming the supported formats otherwise.
   */
  public static ImportFormat fromName(String name) {
    ZoneFileFormat rbldnsd = ZoneFileFormat.find(name);
    if (rbldnsd != null) {
      return of(rbldnsd);
    }
    String key = ZoneFileFormat.key(name);
    if (key.equals(LINES.formatName)) {
      return LINES;
    }
    if (key.equals(CSV.formatName)) {
      return CSV;
    }
    String unsupported = ZoneFileFormat.unsupportedType(name);
    throw new IllegalArgumentException(
        "unknown format '"
            + name
            + "'; supported: "
            + names()
            + (unsupported == null
                ? ""
                : " (rbldnsd " + unsupported + " datasets are not supported)"));
  }

  @Override
  public String toString() {
    return formatName;
  }
}
