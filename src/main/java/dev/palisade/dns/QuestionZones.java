package dev.palisade.dns;

import dev.palisade.dnsbl.AsciiLabels;
import dev.palisade.dnsbl.ListZone;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds the zone a query's question is in, {@code <scope>.<list>.<base>}, straight from the wire
 * bytes: where the scope label is, which list, and whether the name is below the zone's apex. For
 * those who observe answers ({@link AnswerObserver}) and are not told the zone, because the fast
 * path did not answer the query.
 *
 * <p>Immutable and thread-safe; {@link #locate} allocates nothing and returns its findings packed
 * in one {@code int}, read with {@link #scopeAt}, {@link #list} and {@link #belowApex}.
 */
public final class QuestionZones {

  /** What {@link #locate} returns for a name in no list zone, or an unreadable question. */
  public static final int NONE = -1;

  private static final int HEADER = Wire.HEADER;

  /** Labels of the base zone, lower-case ASCII bytes, from the label nearest the root. */
  private final byte[][] baseLabels;

  /**
   * @param baseZone the base zone every served zone hangs under, e.g. {@code rbl.example.net}
   */
  public QuestionZones(String baseZone) {
    String[] labels = baseZone.toLowerCase(Locale.ROOT).split("\\.");
    baseLabels = new byte[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      baseLabels[labels.length - 1 - i] = labels[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  /**
   * The zone of the question of {@code query}: {@link #NONE} unless its name is {@code
   * <scope>.<list>.<base>} or below, in plain labels (a name with compression pointers is not a
   * question a resolver sends). Never throws.
   */
  public int locate(byte[] query, int queryLength) {
    if (queryLength <= HEADER) {
      return NONE;
    }
    // Pass 1: count the labels of the question name and check its length.
    int labels = 0;
    int at = HEADER;
    while (true) {
      if (at >= queryLength) {
        return NONE;
      }
      int length = query[at] & 0xff;
      if (length == 0) {
        break;
      }
      if (length > 63) {
        return NONE; // a compression pointer or reserved bits: not a plain query name
      }
      labels++;
      at += 1 + length;
    }
    int scopeIndex = labels - baseLabels.length - 2; // 0-based from the left
    if (scopeIndex < 0) {
      return NONE;
    }
    // Pass 2: find the scope and list labels, and check the base zone labels.
    at = HEADER;
    int scopeAt = -1;
    int listAt = -1;
    for (int i = 0; i < labels; i++) {
      int length = query[at] & 0xff;
      if (i == scopeIndex) {
        scopeAt = at;
      } else if (i == scopeIndex + 1) {
        listAt = at;
      } else if (i > scopeIndex + 1
          && !AsciiLabels.equalsIgnoreCase(query, at, baseLabels[labels - 1 - i])) {
        return NONE;
      }
      at += 1 + length;
    }
    ListZone zone = ListZone.ofWireLabel(query, listAt);
    if (zone == null) {
      return NONE;
    }
    return (scopeAt << 3) | (scopeIndex > 0 ? 4 : 0) | zone.ordinal();
  }

  /** The offset of the scope label's length byte in the query, of a zone that is not NONE. */
  public static int scopeAt(int located) {
    return located >>> 3;
  }

  /** The list of a zone that is not NONE. */
  public static ListZone list(int located) {
    return ListZone.ofOrdinal(located & 3);
  }

  /** Whether the name has at least one label in front of the scope label. */
  public static boolean belowApex(int located) {
    return (located & 4) != 0;
  }
}
