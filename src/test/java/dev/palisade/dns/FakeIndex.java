package dev.palisade.dns;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.Networks;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.index.AnswerSink;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small in-memory index for DNS tests: linear scans, longest match wins, allow beats block on a
 * tie. Not the real index; just enough to drive the handler.
 */
final class FakeIndex implements IndexSnapshot {

  /** A reason long enough that its TXT answer exceeds 512 bytes. */
  static final String LONG_REASON = "Long reason for $ ".repeat(50).strip();

  /** A reason whose TXT answer exceeds 512 bytes but fits in 1232. */
  static final String MEDIUM_REASON = "Medium reason for $ ".repeat(30).strip();

  private final Map<String, FakeZone> zones = new LinkedHashMap<>();
  private final long baseSerial;

  FakeIndex(long baseSerial) {
    this.baseSerial = baseSerial;
  }

  /** The data the DNS tests use: scope "demo" (serial 42) and an empty scope "acme-mx1". */
  static FakeIndex standard() {
    FakeIndex index = new FakeIndex(7);
    index
        .zone("demo", 42)
        .block("192.0.2.0/24", "127.0.0.2", "Listed: see https://lists.example/q?ip=$")
        .allow("192.0.2.99", "127.0.0.2", null)
        .block("198.51.100.7", "127.0.0.3", null)
        .block("203.0.113.5", "127.0.0.4", LONG_REASON)
        .block("203.0.113.6", "127.0.0.4", MEDIUM_REASON)
        .block("2001:db8::/32", "127.0.0.5", "v6 $")
        .allow("2001:db8::99", "127.0.0.2", "trusted $")
        .block("spam.example", "127.0.1.2", "Spam domain $")
        .block(".bad.example", "127.0.1.3", null)
        .block("*.sub.example", "127.0.1.4", null)
        .allow("good.example", "127.0.0.2", null)
        .block("deep.a.example", "127.0.1.5", null)
        .block("invalid", "127.0.1.6", null)
        .block("127.0.0.1", "127.0.0.2", null);
    index.zone("acme-mx1", 3);
    return index;
  }

  FakeZone zone(String label, long serial) {
    FakeZone zone = new FakeZone(label, serial);
    zones.put(label, zone);
    return zone;
  }

  @Override
  public ZoneView zone(String label) {
    return zones.get(label);
  }

  @Override
  public long baseSerial() {
    return baseSerial;
  }

  record Entry(ListKind kind, EntryValue value, int returnCode, String reason) {
    Verdict verdict() {
      return new Verdict(kind, returnCode, reason, value, false);
    }
  }

  static final class FakeZone implements ZoneView {
    private final String label;
    private final long serial;
    private final List<Entry> entries = new ArrayList<>();
    private Networks allowQuery;

    FakeZone(String label, long serial) {
      this.label = label;
      this.serial = serial;
    }

    FakeZone block(String value, String code, String reason) {
      entries.add(
          new Entry(ListKind.BLOCK, EntryValue.parse(value), ReturnCode.parse(code), reason));
      return this;
    }

    FakeZone allow(String value, String code, String reason) {
      entries.add(
          new Entry(ListKind.ALLOW, EntryValue.parse(value), ReturnCode.parse(code), reason));
      return this;
    }

    /** Only these networks may query the zone. */
    FakeZone allowQuery(String... networks) {
      allowQuery = Networks.parse(List.of(networks));
      return this;
    }

    @Override
    public Networks allowQuery() {
      return allowQuery;
    }

    @Override
    public String label() {
      return label;
    }

    @Override
    public long serial() {
      return serial;
    }

    @Override
    public Verdict ip4Within(int address, int longest) {
      throw new UnsupportedOperationException("not needed by the DNS tests");
    }

    @Override
    public Verdict ip6Within(long high, long low, int longest) {
      throw new UnsupportedOperationException("not needed by the DNS tests");
    }

    @Override
    public Verdict domainBelow(String name) {
      throw new UnsupportedOperationException("not needed by the DNS tests");
    }

    @Override
    public void forEachAnswer(ValueType type, AnswerSink own, AnswerSink account) {
      throw new UnsupportedOperationException("not needed by the DNS tests");
    }

    @Override
    public Verdict ip4(int address) {
      Entry best = null;
      int bestLength = -1;
      for (Entry e : entries) {
        if (e.value() instanceof Ip4Network n && n.contains(address)) {
          if (better(n.prefixLength(), bestLength, e, best)) {
            best = e;
            bestLength = n.prefixLength();
          }
        }
      }
      return best == null ? null : best.verdict();
    }

    @Override
    public Verdict ip6(long high, long low) {
      Entry best = null;
      int bestLength = -1;
      for (Entry e : entries) {
        if (e.value() instanceof Ip6Network n && n.contains(high, low)) {
          if (better(n.prefixLength(), bestLength, e, best)) {
            best = e;
            bestLength = n.prefixLength();
          }
        }
      }
      return best == null ? null : best.verdict();
    }

    @Override
    public Verdict domain(String name) {
      Entry best = null;
      int bestLength = -1;
      for (Entry e : entries) {
        if (e.value() instanceof DomainPattern p && matches(p, name)) {
          // An exact entry beats a pattern on the same name.
          int length = p.name().length() * 2 + (p.match() == EntryValue.DomainMatch.EXACT ? 1 : 0);
          if (better(length, bestLength, e, best)) {
            best = e;
            bestLength = length;
          }
        }
      }
      return best == null ? null : best.verdict();
    }

    @Override
    public boolean hasDomainsBelow(String name) {
      for (Entry e : entries) {
        if (e.value() instanceof DomainPattern p) {
          if (p.name().endsWith("." + name)) {
            return true;
          }
          boolean covers = p.name().equals(name) || name.endsWith("." + p.name());
          if (covers && p.match() != EntryValue.DomainMatch.EXACT) {
            return true;
          }
        }
      }
      return false;
    }

    private static boolean matches(DomainPattern p, String name) {
      boolean self = name.equals(p.name());
      boolean below = name.endsWith("." + p.name());
      return switch (p.match()) {
        case EXACT -> self;
        case SELF_AND_SUBDOMAINS -> self || below;
        case SUBDOMAINS -> below;
      };
    }

    private static boolean better(int length, int bestLength, Entry e, Entry best) {
      return length > bestLength
          || (length == bestLength && e.kind() == ListKind.ALLOW && best.kind() != ListKind.ALLOW);
    }
  }
}
