package dev.palisade.dnsbl;

import java.nio.charset.StandardCharsets;

/**
 * The four lists under each scope, named by the label between the scope label and the base zone:
 * {@code <scope>.bl.<base>} and so on. The one place the labels are spelled; the DNS server, the
 * statistics, the export and the pages all take them from here, and the statistics count the lists
 * in {@link #ordinal()} order.
 */
public enum ListZone {
  /** Blocked IPv4/IPv6 addresses, reversed octets or nibbles. */
  BL("bl", ListKind.BLOCK, true),
  /** Allowed IPv4/IPv6 addresses. */
  WL("wl", ListKind.ALLOW, true),
  /** Blocked domain names. */
  DBL("dbl", ListKind.BLOCK, false),
  /** Allowed domain names. */
  DWL("dwl", ListKind.ALLOW, false);

  private static final ListZone[] ALL = values();

  private final String label;
  private final ListKind lists;
  private final boolean addresses;
  private final byte[] ascii;

  ListZone(String label, ListKind lists, boolean addresses) {
    this.label = label;
    this.lists = lists;
    this.addresses = addresses;
    this.ascii = label.getBytes(StandardCharsets.US_ASCII);
  }

  /** The DNS label of the list, lower-case: {@code bl}, {@code wl}, {@code dbl} or {@code dwl}. */
  public String label() {
    return label;
  }

  /**
   * The verdict kind that lists a name in this zone: block for bl and dbl, allow for the others.
   */
  public ListKind lists() {
    return lists;
  }

  /** Whether names in this zone are reversed addresses (bl, wl) rather than domain names. */
  public boolean addresses() {
    return addresses;
  }

  /**
   * The zone of a list kind for addresses ({@code addresses}) or for domain names.
   *
   * @throws IllegalArgumentException for {@link ListKind#EXCLUDE}, which lists in no zone
   */
  public static ListZone of(ListKind lists, boolean addresses) {
    if (!lists.listed()) {
      throw new IllegalArgumentException("an exclusion lists in no zone");
    }
    if (addresses) {
      return lists == ListKind.BLOCK ? BL : WL;
    }
    return lists == ListKind.BLOCK ? DBL : DWL;
  }

  /** The zone of a list kind that holds values of the given type. */
  public static ListZone of(ListKind lists, ValueType type) {
    return of(lists, type != ValueType.DOMAIN);
  }

  /** The zone at {@code ordinal}, as {@code values()[ordinal]} without copying the array. */
  public static ListZone ofOrdinal(int ordinal) {
    return ALL[ordinal];
  }

  /**
   * The zone whose label is the DNS wire label at {@code wire[at]} (length byte first), ignoring
   * ASCII case; null when there is none. Allocation-free, for the DNS path.
   */
  public static ListZone ofWireLabel(byte[] wire, int at) {
    for (ListZone zone : ALL) {
      if (AsciiLabels.equalsIgnoreCase(wire, at, zone.ascii)) {
        return zone;
      }
    }
    return null;
  }
}
