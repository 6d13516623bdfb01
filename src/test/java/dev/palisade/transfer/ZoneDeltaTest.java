package dev.palisade.transfer;

import static dev.palisade.transfer.TestZones.ACCOUNT;
import static dev.palisade.transfer.TestZones.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.listing.ActiveEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;

/**
 * IXFR from the change feed: over random changes, the records of the zone at the earlier serial,
 * less those the difference removes, plus those it adds, are the records of the zone now.
 */
class ZoneDeltaTest {

  private static final String[] LABELS = {"acme", "acme-mx1"};

  @Test
  void theOldZoneWithTheDifferenceAppliedIsTheNewZone() {
    for (int seed = 1; seed <= 12; seed++) {
      Random random = new Random(seed);
      TestZones zones = new TestZones();
      Map<String, ActiveEntry> current = new LinkedHashMap<>();
      for (int i = 0; i < 400; i++) {
        ActiveEntry entry = randomEntry(zones, random);
        current.put(key(entry), entry);
      }
      current
          .values()
          .forEach(
              e ->
                  zones.entry(
                      e.scopeId(),
                      e.kind(),
                      e.value().canonical(),
                      "127.0.0." + (e.returnCode() & 0xff),
                      e.reason()));
      zones.load();
      // The ids the index holds differ from those of "current": only values, kinds and answers
      // matter to the zone, and the feed carries them as the writer announced them.
      Map<String, Set<String>> before = new HashMap<>();
      Map<String, Long> serials = new HashMap<>();
      for (String label : LABELS) {
        for (ListZone list : ListZone.values()) {
          ZoneImage image = zones.image(label, list);
          if (seed % 2 == 0) {
            // Counted now, the zone's size after the changes follows from the difference.
            assertThat(image.tooLarge()).isFalse();
          }
          before.put(label + list, texts(image));
          serials.put(label + list, image.serial());
        }
      }
      int changes = 1 + random.nextInt(4);
      for (int c = 0; c < changes; c++) {
        long scope = random.nextBoolean() ? ACCOUNT : SERVER;
        List<ActiveEntry> removed = new ArrayList<>();
        List<ActiveEntry> added = new ArrayList<>();
        List<ActiveEntry> ofScope =
            current.values().stream().filter(e -> e.scopeId() == scope).toList();
        for (int r = random.nextInt(4); r > 0 && !ofScope.isEmpty(); r--) {
          ActiveEntry gone = ofScope.get(random.nextInt(ofScope.size()));
          if (current.remove(key(gone)) != null) {
            removed.add(gone);
          }
        }
        for (int a = 1 + random.nextInt(3); a > 0; a--) {
          ActiveEntry drawn = randomEntry(zones, random);
          ActiveEntry entry =
              new ActiveEntry(
                  drawn.id(),
                  scope,
                  drawn.kind(),
                  drawn.value(),
                  drawn.returnCode(),
                  drawn.reason());
          if (added.stream().anyMatch(e -> key(e).equals(key(entry)))) {
            continue; // one answer per entry and change, as a write announces it
          }
          ActiveEntry replaced = current.put(key(entry), entry);
          if (replaced != null && !removed.contains(replaced)) {
            removed.add(replaced); // an update: the old answer goes, the new one comes
          }
          added.add(entry);
        }
        zones.change(scope, removed, added);
      }
      for (String label : LABELS) {
        for (ListZone list : ListZone.values()) {
          ZoneImage image = zones.image(label, list);
          Set<String> old = before.get(label + list);
          Set<String> now = texts(image);
          Optional<ZoneDelta> given = image.since(serials.get(label + list));
          if (given.isEmpty()) {
            // Only when the condensed difference is no smaller than the zone (RFC 1995 §2).
            Set<String> difference = new HashSet<>(old);
            difference.addAll(now);
            Set<String> both = new HashSet<>(old);
            both.retainAll(now);
            difference.removeAll(both);
            assertThat(difference.size())
                .as("seed %d %s", seed, image.origin())
                .isGreaterThanOrEqualTo(now.size());
            continue;
          }
          ZoneDelta delta = given.get();
          Set<String> applied = new HashSet<>(old);
          for (Record r : delta.removed()) {
            assertThat(applied.remove(TestZones.text(r, image.origin())))
                .as("seed %d %s: removed record was there: %s", seed, image.origin(), r)
                .isTrue();
          }
          for (Record r : delta.added()) {
            assertThat(applied.add(TestZones.text(r, image.origin())))
                .as("seed %d %s: added record was new: %s", seed, image.origin(), r)
                .isTrue();
          }
          assertThat(applied).as("seed %d %s", seed, image.origin()).isEqualTo(now);
          assertThat(delta.toSerial()).isEqualTo(image.serial());
        }
      }
    }
  }

  @Test
  void givesNoDifferenceFromAPrunedOrFutureSerialAndAnEmptyOneFromTheCurrentSerial() {
    TestZones zones = new TestZones().block(ACCOUNT, "192.0.2.1").load();
    long first = zones.serial();
    zones.change(
        ACCOUNT,
        List.of(),
        List.of(zones.active(ACCOUNT, ListKind.BLOCK, "192.0.2.2", "127.0.0.2", null)));
    zones.change(
        ACCOUNT,
        List.of(),
        List.of(zones.active(ACCOUNT, ListKind.BLOCK, "192.0.2.3", "127.0.0.2", null)));
    ZoneImage bl = zones.image("acme", ListZone.BL);

    assertThat(bl.since(first)).get().satisfies(d -> assertThat(d.added()).hasSize(4));
    assertThat(bl.since(bl.serial())).get().satisfies(d -> assertThat(d.added()).isEmpty());
    assertThat(bl.since(bl.serial() + 1)).isEmpty();
    zones.feed.remove(0); // pruned
    assertThat(zones.image("acme", ListZone.BL).since(first)).isEmpty();
    assertThat(zones.image("acme", ListZone.BL).since(first + 1)).isPresent();
  }

  @Test
  void givesNoDifferenceAcrossAChangeTooLargeToListButOneFromAfterIt() {
    TestZones zones = new TestZones().block(ACCOUNT, "192.0.2.1").load();
    long first = zones.serial();
    long unlisted =
        zones.changeUnlisted(
            ACCOUNT,
            List.of(),
            List.of(zones.active(ACCOUNT, ListKind.BLOCK, "192.0.2.2", "127.0.0.2", null)));
    zones.change(
        ACCOUNT,
        List.of(),
        List.of(zones.active(ACCOUNT, ListKind.BLOCK, "192.0.2.3", "127.0.0.2", null)));
    ZoneImage bl = zones.image("acme", ListZone.BL);

    // The feed does not say what the large change did: the whole zone (AXFR) is the answer.
    assertThat(bl.since(first)).isEmpty();
    assertThat(bl.since(unlisted)).get().satisfies(d -> assertThat(d.added()).hasSize(2));
  }

  @Test
  void givesNoDifferenceLargerThanTheZone() {
    TestZones zones = new TestZones();
    ActiveEntry network = zones.active(ACCOUNT, ListKind.BLOCK, "192.0.3.0/25", "127.0.0.2", null);
    zones.entry(ACCOUNT, ListKind.BLOCK, "192.0.3.0/25", "127.0.0.2", null).load();
    long first = zones.serial();
    zones.change(
        ACCOUNT,
        List.of(network),
        List.of(zones.active(ACCOUNT, ListKind.BLOCK, "192.0.4.0/25", "127.0.0.2", null)));

    // 256 records go and 256 come; the zone has 256 and a few.
    assertThat(zones.image("acme", ListZone.BL).since(first)).isEmpty();
  }

  @Test
  void countsTheZoneFromTheEarlierSerialsCountAndTheDifference() {
    TestZones zones = new TestZones().limit(772).block(ACCOUNT, "192.0.3.0/25").load();
    long first = zones.serial();
    assertThat(zones.image("acme", ListZone.BL).tooLarge()).isFalse(); // counted: 261 records
    zones.change(
        ACCOUNT,
        List.of(),
        List.of(zones.active(ACCOUNT, ListKind.BLOCK, "192.0.4.0/25", "127.0.0.2", null)));
    zones.change(
        ACCOUNT,
        List.of(),
        List.of(zones.active(ACCOUNT, ListKind.BLOCK, "192.0.5.0/25", "127.0.0.2", null)));

    // 512 records come; the zone has 773: the difference is the smaller answer.
    ZoneImage now = zones.image("acme", ListZone.BL);
    assertThat(now.since(first)).get().satisfies(d -> assertThat(d.added()).hasSize(512));
    ZoneImage again = zones.image("acme", ListZone.BL);
    long[] records = {0};
    again.forEachRecord(r -> records[0]++);
    assertThat(records[0]).isEqualTo(773);
    assertThat(again.tooLarge()).isTrue(); // 261 - 0 + 512 = 773, over the limit of 772
  }

  private static String key(ActiveEntry e) {
    return e.scopeId() + " " + e.kind() + " " + e.value().canonical();
  }

  private static ActiveEntry randomEntry(TestZones zones, Random random) {
    long scope = random.nextBoolean() ? ACCOUNT : SERVER;
    int draw = random.nextInt(10);
    // Mostly blocks; allow entries and exclusions punch holes.
    ListKind kind = draw < 6 ? ListKind.BLOCK : draw < 8 ? ListKind.ALLOW : ListKind.EXCLUDE;
    String code = "127.0.0." + (2 + random.nextInt(3));
    String reason = random.nextBoolean() ? null : "r" + random.nextInt(3) + " $";
    String value =
        switch (random.nextInt(5)) {
          case 0 -> "192.0." + random.nextInt(4) + "." + random.nextInt(256);
          case 1 -> ip4(0xc0000000 | random.nextInt(1 << 10) << 8, 20 + random.nextInt(5));
          case 2 ->
              ip4(random.nextInt(10) << 24 | random.nextInt(10) << 16, 8 + 8 * random.nextInt(2));
          case 3 -> {
            int length = 36 + 4 * random.nextInt(4);
            long high = 0x20010db800000000L | (long) random.nextInt(1 << 16) << 16;
            yield length == 48
                ? new Ip6Network(high, 1, 128).canonical()
                : new Ip6Network(high & Ip6Network.highMask(length), 0, length).canonical();
          }
          default -> {
            String[] names = {"a.example", "b.example", "example", "mail.a.example"};
            String[] forms = {"", ".", "*."};
            yield forms[random.nextInt(3)] + names[random.nextInt(names.length)];
          }
        };
    return zones.active(scope, kind, value, code, reason);
  }

  private static String ip4(int address, int length) {
    return new Ip4Network(address & Ip4Network.mask(length), length).canonical();
  }

  private static Set<String> texts(ZoneImage image) {
    Set<String> out = new HashSet<>();
    image.forEachRecord(r -> out.add(TestZones.text(r, image.origin())));
    return out;
  }
}
