package dev.palisade.zonefile;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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

  private static final String NAMES =
      Arrays.stream(values()).map(ZoneFileFormat::rbldnsdName).collect(Collectors.joining(", "));

  private static final String EXPORT_NAMES = joinedExportNames();

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
    ZoneFileFormat format = find(name);
    if (format != null) {
      return format;
    }
    String unsupported = unsupportedType(name);
    throw new IllegalArgumentException(
        "unknown format '"
            + name
            + "'; supported: "
            + NAMES
            + (unsupported == null ? "" : " (" + unsupported + " datasets are not supported)"));
  }

  /**
   * The format with the given rbldnsd name, ignoring case and surrounding blanks; null when there
   * is none. Every reader of format names ({@link #fromName}, the import formats) looks up here.
   */
  public static ZoneFileFormat find(String name) {
    String key = key(name);
    for (ZoneFileFormat format : values()) {
      if (format.rbldnsdName.equals(key)) {
        return format;
      }
    }
    return null;
  }

  /** A format name as looked up: without surrounding blanks, lower case; null reads as empty. */
  public static String key(String name) {
    return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The rbldnsd dataset type the name is, lower case, if it is one Palisade does not read ({@code
   * generic}, {@code acl}); null otherwise. For a message saying so.
   */
  public static String unsupportedType(String name) {
    String key = key(name);
    return key.equals("generic") || key.startsWith("acl") ? key : null;
  }

  /** The formats an export writes, for messages: {@code ip4set, ip4trie, ip6trie or dnset}. */
  public static String exportNames() {
    return EXPORT_NAMES;
  }

  private static String joinedExportNames() {
    List<String> names =
        Arrays.stream(values())
            .filter(ZoneFileFormat::exportable)
            .map(ZoneFileFormat::rbldnsdName)
            .toList();
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  @Override
  public String toString() {
    return rbldnsdName;
  }
}
