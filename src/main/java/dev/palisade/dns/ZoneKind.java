package dev.palisade.dns;

import dev.palisade.dnsbl.ListKind;

/**
 * The four lists under each scope, named by the label between the scope label and the base zone:
 * {@code <scope>.bl.<base>} and so on.
 */
enum ZoneKind {
  /** Blocked IPv4/IPv6 addresses, reversed octets or nibbles. */
  BL("bl", ListKind.BLOCK, true),
  /** Allowed IPv4/IPv6 addresses. */
  WL("wl", ListKind.ALLOW, true),
  /** Blocked domain names. */
  DBL("dbl", ListKind.BLOCK, false),
  /** Allowed domain names. */
  DWL("dwl", ListKind.ALLOW, false);

  private final String label;
  private final ListKind lists;
  private final boolean addresses;
  private final byte[] wireLabel;

  ZoneKind(String label, ListKind lists, boolean addresses) {
    this.label = label;
    this.lists = lists;
    this.addresses = addresses;
    this.wireLabel = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The label's bytes, lower-case, without a length byte; never modify. */
  byte[] wireLabel() {
    return wireLabel;
  }

  /** The DNS label of the list, lower-case. */
  String label() {
    return label;
  }

  /** The verdict kind that lists a name in this zone. */
  ListKind lists() {
    return lists;
  }

  /** Whether names in this zone are reversed addresses rather than domain names. */
  boolean addresses() {
    return addresses;
  }

  /**
   * The zone kind whose label equals the given wire label (length byte first), ignoring ASCII case;
   * null when there is none.
   */
  static ZoneKind ofLabel(byte[] wireLabel) {
    for (ZoneKind kind : values()) {
      if (Labels.equalsIgnoreCase(wireLabel, kind.label)) {
        return kind;
      }
    }
    return null;
  }
}
