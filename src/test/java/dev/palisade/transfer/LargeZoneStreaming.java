package dev.palisade.transfer;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntry;
import java.util.List;

/**
 * Renders a zone of many single addresses and prints how many records it gave: run by {@link
 * LargeZoneStreamingIT} in a JVM whose heap holds the index but not the rendered zone.
 */
public final class LargeZoneStreaming {

  private LargeZoneStreaming() {}

  /** Arguments: the number of addresses. Prints the records rendered, the SOA not counted. */
  public static void main(String[] args) {
    int count = Integer.parseInt(args[0]);
    LiveIndex index = new LiveIndex();
    LiveIndex.Loader loader = index.loader(List.of(new ScopeInfo(1, "big", null, 1)), 1);
    // Distinct addresses: half spread over 10.0.0.0/8 (an odd multiplier permutes 24 bits), half
    // in a row in 172.16.0.0/12.
    for (int i = 0; i < count; i++) {
      int address =
          i < count / 2
              ? 0x0a000000 | (int) ((i * 2654435761L) & 0xffffff)
              : 0xac100000 | (i & 0xfffff);
      loader.add(
          new ActiveEntry(
              i, 1, ListKind.BLOCK, new Ip4Network(address, 32), ReturnCode.DEFAULT, null));
    }
    loader.publish();
    ServedZones zones =
        new TransferZones(
            index, TestZones.DNS, new TransferSettings(50_000_000), (s, a, l) -> List.of());
    ZoneImage image = zones.zone(TestZones.origin("big", ListZone.BL)).orElseThrow();
    long[] records = {0};
    image.forEachRecord(r -> records[0]++);
    System.out.println("records " + records[0]);
  }
}
