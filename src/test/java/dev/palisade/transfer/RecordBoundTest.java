package dev.palisade.transfer;

import static dev.palisade.transfer.TestZones.ACCOUNT;
import static dev.palisade.transfer.TestZones.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.dns.AnswerRecords;
import dev.palisade.dns.ZoneRecords;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.Networks;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.index.AnswerSink;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The size check's bound: never below the records a zone renders to, and the decision to offer a
 * zone the same as a full count's, at the limits around both.
 */
class RecordBoundTest {

  private static final String[] ZONES = {"acme", "acme-mx1"};

  @Test
  void isNeverBelowTheRecordsTheZoneRendersTo() {
    Random random = new Random(15);
    for (int round = 0; round < 40; round++) {
      TestZones zones = randomZones(random, 1 + random.nextInt(60));
      for (String label : ZONES) {
        for (ListZone list : ListZone.values()) {
          ZoneImage image = zones.image(label, list);
          long exact = count(image);
          assertThat(bound(zones, label, list))
              .as("round %d, %s %s", round, label, list)
              .isGreaterThanOrEqualTo(exact);
        }
      }
    }
  }

  /**
   * At a limit just below, at and just above the exact count and the bound, a zone is too large
   * exactly when its records are more than the limit, as when every check counted them.
   */
  @Test
  void decidesAsAFullCountAtTheLimitsAroundTheCountAndTheBound() {
    Random random = new Random(1995);
    List<TestZones> cases =
        List.of(
            new TestZones().load(),
            new TestZones().block(ACCOUNT, "192.0.2.0/25").load(),
            new TestZones().block(ACCOUNT, "10.0.0.0/9").allow(SERVER, "10.1.2.3").load(),
            new TestZones().block(ACCOUNT, "2001:db8::/33").block(ACCOUNT, "2001:db8::1").load(),
            new TestZones()
                .block(ACCOUNT, ".example.com")
                .exclude(SERVER, "a.b.example.com")
                .load(),
            randomZones(random, 200),
            randomZones(random, 500));
    for (TestZones zones : cases) {
      for (String label : ZONES) {
        for (ListZone list : ListZone.values()) {
          long exact = count(zones.image(label, list));
          long bound = bound(zones, label, list);
          for (long limit :
              new long[] {0, exact - 1, exact, exact + 1, bound - 1, bound, bound + 1}) {
            ZoneImage image =
                zones.zones(limit, 64).zone(TestZones.origin(label, list)).orElseThrow();
            assertThat(image.tooLarge())
                .as("%s %s: %d records, bound %d, limit %d", label, list, exact, bound, limit)
                .isEqualTo(exact > limit);
          }
        }
      }
    }
  }

  @Test
  void aZoneWithinItsBoundIsOfferedWithoutRenderingIt() {
    TestZones zones = randomZones(new Random(8), 300);
    CountingView view = new CountingView(zones.index.snapshot().zone("acme"));
    RenderedZone zone = rendered(zones, view, 50_000_000, new RecordCounts());

    assertThat(zone.tooLarge()).isFalse();
    assertThat(view.lookups.get()).isZero();
  }

  @Test
  void aWholePassNotesTheExactCountForLaterDifferences() {
    TestZones zones = randomZones(new Random(9), 300);
    RecordCounts counts = new RecordCounts();
    ZoneView view = zones.index.snapshot().zone("acme");
    RenderedZone zone = rendered(zones, view, 50_000_000, counts);
    long[] sent = {0};

    zone.forEachRecord(r -> sent[0]++);

    assertThat(counts.get(zone.origin(), view.serial())).isEqualTo(sent[0]);
  }

  /** The web UI's note that a zone is too large goes once its bound is within the limit. */
  @Test
  void aZoneCountedOverTheLimitAtAnEarlierSerialIsNotReportedOnceItsBoundIsWithin() {
    TestZones zones = randomZones(new Random(10), 50);
    RecordCounts counts = new RecordCounts();
    ZoneView view = zones.index.snapshot().zone("acme");
    Name origin = TestZones.origin("acme", ListZone.BL);
    counts.put(origin, view.serial() - 1, 50_000_001);
    assertThat(counts.over(origin, 50_000_000)).isTrue();

    assertThat(rendered(zones, view, 50_000_000, counts).tooLarge()).isFalse();

    assertThat(counts.over(origin, 50_000_000)).isFalse();
  }

  private static RenderedZone rendered(
      TestZones zones, ZoneView view, long limit, RecordCounts counts) {
    return new RenderedZone(
        TestZones.origin("acme", ListZone.BL),
        ListZone.BL,
        view,
        new ZoneRecords(TestZones.DNS),
        new ZoneRenderer(new AnswerRecords(TestZones.DNS), 64),
        limit,
        new ZoneDifference.Scopes(zones.index.scopes().get(0), null),
        (scope, after, max) -> List.of(),
        counts);
  }

  /** The bound with the apex's NS records, as the size check compares it. */
  private static long bound(TestZones zones, String label, ListZone list) {
    long ns = new ZoneRecords(TestZones.DNS).ns(TestZones.origin(label, list)).size();
    return ns + RecordBound.of(zones.index.snapshot().zone(label), list);
  }

  private static long count(ZoneImage image) {
    long[] records = {0};
    image.forEachRecord(r -> records[0]++);
    return records[0];
  }

  /** Entries of every shape the renderer treats apart, in both scopes, of every kind. */
  private static TestZones randomZones(Random random, int entries) {
    TestZones zones = new TestZones();
    for (int i = 0; i < entries; i++) {
      long scope = random.nextBoolean() ? ACCOUNT : SERVER;
      int draw = random.nextInt(10);
      ListKind kind = draw < 6 ? ListKind.BLOCK : draw < 8 ? ListKind.ALLOW : ListKind.EXCLUDE;
      zones.entry(scope, kind, randomValue(random), "127.0.0." + (2 + random.nextInt(3)), null);
    }
    return zones.load();
  }

  private static String randomValue(Random random) {
    switch (random.nextInt(3)) {
      case 0 -> {
        // Single digits too, so the nodes IPv4 and IPv6 share are met.
        int first = random.nextBoolean() ? random.nextInt(10) : 192;
        int address = first << 24 | random.nextInt(4) << 16 | random.nextInt(4) << 8;
        address |= random.nextInt(256);
        int length = random.nextBoolean() ? 32 : 8 + random.nextInt(25);
        return new EntryValue.Ip4Network(address & (int) (0xffffffffL << (32 - length)), length)
            .canonical();
      }
      case 1 -> {
        long high =
            random.nextBoolean()
                ? 0x20010db800000000L | (long) random.nextInt(4) << 16
                : (long) random.nextInt(10) << 48 | (long) random.nextInt(4) << 32;
        long low = random.nextInt(16);
        int length = random.nextBoolean() ? 128 : 1 + random.nextInt(128);
        return new EntryValue.Ip6Network(
                high & Ip6Network.highMask(length), low & Ip6Network.lowMask(length), length)
            .canonical();
      }
      default -> {
        String name = "n" + random.nextInt(5) + ".example" + random.nextInt(2) + ".com";
        return switch (random.nextInt(3)) {
          case 0 -> name;
          case 1 -> "." + name;
          default -> "*." + name;
        };
      }
    }
  }

  /** A view that counts the lookups rendering makes, and nothing else. */
  private static final class CountingView implements ZoneView {
    private final ZoneView view;
    final AtomicLong lookups = new AtomicLong();

    CountingView(ZoneView view) {
      this.view = view;
    }

    private <T> T counted(T result) {
      lookups.incrementAndGet();
      return result;
    }

    @Override
    public String label() {
      return view.label();
    }

    @Override
    public long serial() {
      return view.serial();
    }

    @Override
    public Networks allowQuery() {
      return view.allowQuery();
    }

    @Override
    public Verdict ip4(int address) {
      return counted(view.ip4(address));
    }

    @Override
    public Verdict ip6(long high, long low) {
      return counted(view.ip6(high, low));
    }

    @Override
    public Verdict domain(String name) {
      return counted(view.domain(name));
    }

    @Override
    public Verdict ip4Within(int address, int longest) {
      return counted(view.ip4Within(address, longest));
    }

    @Override
    public Verdict ip6Within(long high, long low, int longest) {
      return counted(view.ip6Within(high, low, longest));
    }

    @Override
    public Verdict domainBelow(String name) {
      return counted(view.domainBelow(name));
    }

    @Override
    public void forEachAnswer(ValueType type, AnswerSink own, AnswerSink account) {
      view.forEachAnswer(type, own, account);
    }

    @Override
    public boolean hasDomainsBelow(String name) {
      return counted(view.hasDomainsBelow(name));
    }
  }
}
