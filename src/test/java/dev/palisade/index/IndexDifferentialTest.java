package dev.palisade.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.ScopeInfo;
import dev.palisade.account.ScopesChanged;
import dev.palisade.dnsbl.DecisionRule;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares the index with a brute-force reference of the decision rule (DESIGN §2): every matching
 * entry of the scope and its account, ranked by {@link DecisionRule}, over random entries of every
 * prefix length and pattern type in an account and a mail server scope, random changes, and random
 * queries (many inside the listed networks).
 */
class IndexDifferentialTest {

  private static final long ACME = 1;
  private static final long MX1 = 2;
  private static final List<ScopeInfo> SCOPES =
      List.of(new ScopeInfo(ACME, "acme", null, 1), new ScopeInfo(MX1, "acme-mx1", ACME, 1));
  private static final String[] LABELS = {"a", "b", "mail", "x", "example", "test", "c"};
  private static final String[] TOPS = {"com", "net", "example"};
  private static final String[] REASONS = {null, "listed", "see $"};

  private final Random random = new Random(20240611L);
  private final int[] ip4Bases = new int[12];
  private final long[] ip6Bases = new long[6];

  private record Key(long scope, ListKind kind, EntryValue value) {}

  /** The reference: every active entry by (scope, kind, value); a later add replaces. */
  private final Map<Key, ActiveEntry> model = new LinkedHashMap<>();

  private long nextId = 1;

  @Test
  void indexAgreesWithTheBruteForceDecisionRule() {
    for (int i = 0; i < ip4Bases.length; i++) {
      ip4Bases[i] = random.nextInt() & 0xffff0000;
    }
    for (int i = 0; i < ip6Bases.length; i++) {
      ip6Bases[i] = random.nextLong() & 0xffffffffffff0000L;
    }
    LiveIndex index = new LiveIndex();
    index.apply(new ScopesChanged(SCOPES, 1));
    IndexSnapshot early = null;
    Map<Key, ActiveEntry> earlyModel = null;
    long serial = 1;

    for (int round = 0; round < 16; round++) {
      long scope = random.nextBoolean() ? ACME : MX1;
      List<ActiveEntry> removed = new ArrayList<>();
      List<ActiveEntry> added = new ArrayList<>();
      List<Key> keys = new ArrayList<>(model.keySet());
      int removals = round == 12 ? keys.size() / 2 : random.nextInt(120);
      for (int i = 0; i < removals && !keys.isEmpty(); i++) {
        Key key = keys.get(random.nextInt(keys.size()));
        if (key.scope() == scope && model.containsKey(key)) {
          removed.add(model.remove(key));
        }
      }
      ActiveEntry maybeAbsent = randomEntry(scope); // removing an absent entry changes nothing
      model.remove(new Key(scope, maybeAbsent.kind(), maybeAbsent.value()));
      removed.add(maybeAbsent);
      for (int i = 0; i < 400; i++) {
        ActiveEntry entry = randomEntry(scope);
        added.add(entry);
        model.put(new Key(scope, entry.kind(), entry.value()), entry);
      }
      index.apply(new EntriesChanged(scope, ++serial, removed, added));

      checkAgainstModel(index.snapshot(), 250);
      if (round == 5) {
        early = index.snapshot();
        earlyModel = new HashMap<>(model);
      }
    }

    LiveIndex loaded = new LiveIndex();
    LiveIndex.Loader loader = loaded.loader(SCOPES, 1);
    model.values().forEach(loader::add);
    loader.publish();
    checkAgainstModel(loaded.snapshot(), 400);

    model.clear();
    model.putAll(earlyModel);
    checkAgainstModel(early, 400);
  }

  private void checkAgainstModel(IndexSnapshot snapshot, int queriesPerKind) {
    List<ActiveEntry> ip4 = new ArrayList<>();
    List<ActiveEntry> ip6 = new ArrayList<>();
    List<ActiveEntry> domains = new ArrayList<>();
    for (ActiveEntry entry : model.values()) {
      if (entry.value() instanceof Ip4Network) {
        ip4.add(entry);
      } else if (entry.value() instanceof Ip6Network) {
        ip6.add(entry);
      } else {
        domains.add(entry);
      }
    }
    for (ScopeInfo scope : SCOPES) {
      ZoneView view = snapshot.zone(scope.label());
      for (int q = 0; q < queriesPerKind; q++) {
        int address = randomIp4Query(ip4);
        assertThat(view.ip4(address))
            .as("%s ip4 %s", scope.label(), new Ip4Network(address, 32))
            .isEqualTo(expected(scope, ip4, address, 0, 0, null));

        long[] address6 = randomIp6Query(ip6);
        assertThat(view.ip6(address6[0], address6[1]))
            .as("%s ip6 %s", scope.label(), new Ip6Network(address6[0], address6[1], 128))
            .isEqualTo(expected(scope, ip6, 0, address6[0], address6[1], null));

        String name = randomDomainQuery(domains);
        assertThat(view.domain(name))
            .as("%s domain %s", scope.label(), name)
            .isEqualTo(expected(scope, domains, 0, 0, 0, name));
        assertThat(view.hasDomainsBelow(name))
            .as("%s below %s", scope.label(), name)
            .isEqualTo(expectedBelow(scope, domains, name));

        // The allocation-free lookups agree with the verdicts.
        assertSameWinner(view.ip4(address), view.ip4(address, slot));
        assertSameWinner(
            view.ip6(address6[0], address6[1]), view.ip6(address6[0], address6[1], slot));
        assertSameWinner(view.domain(name), view.domain(name, slot));
      }
    }
  }

  private final VerdictSlot slot = new VerdictSlot();

  private void assertSameWinner(Verdict verdict, boolean found) {
    assertThat(found).isEqualTo(verdict != null);
    if (verdict != null) {
      assertThat(slot.kind()).isEqualTo(verdict.kind());
      assertThat(slot.returnCode()).isEqualTo(verdict.returnCode());
      assertThat(slot.reason()).isSameAs(verdict.reason());
      // Enough to name the winning entry, for hit attribution.
      assertThat(slot.serverEntry()).isEqualTo(verdict.serverEntry());
      if (verdict.matched() instanceof Ip4Network network) {
        assertThat(slot.prefixLength()).isEqualTo(network.prefixLength());
      } else if (verdict.matched() instanceof Ip6Network network) {
        assertThat(slot.prefixLength()).isEqualTo(network.prefixLength());
      } else if (verdict.matched() instanceof DomainPattern pattern) {
        assertThat(slot.matchedLength()).isEqualTo(pattern.name().length());
        assertThat(slot.domainMatch()).isEqualTo(pattern.match());
      }
    }
  }

  /** The reference verdict: the best of the scope's matching entries by {@link DecisionRule}. */
  private static Verdict expected(
      ScopeInfo scope, List<ActiveEntry> entries, int ip4, long high, long low, String name) {
    Comparator<ActiveEntry> bestFirst = DecisionRule.bestFirst(entry -> match(scope, entry));
    ActiveEntry best = null;
    for (ActiveEntry entry : entries) {
      if (entry.scopeId() != scope.id()
          && !(scope.isServer() && entry.scopeId() == scope.accountScopeId())) {
        continue;
      }
      if (!matches(entry.value(), ip4, high, low, name)) {
        continue;
      }
      if (best == null || bestFirst.compare(entry, best) < 0) {
        best = entry;
      }
    }
    if (best == null) {
      return null;
    }
    return new Verdict(
        best.kind(),
        best.returnCode(),
        best.reason(),
        best.value(),
        match(scope, best).serverEntry());
  }

  /** What the decision rule weighs of an entry of the scope (or of its account). */
  private static DecisionRule.Match match(ScopeInfo scope, ActiveEntry entry) {
    return new DecisionRule.Match(
        entry.value(), scope.isServer() && entry.scopeId() == scope.id(), entry.kind());
  }

  /** Whether the value matches the queried address (or name, when not null). */
  private static boolean matches(EntryValue value, int ip4, long high, long low, String name) {
    if (value instanceof Ip4Network n) {
      return name == null && high == 0 && low == 0 && n.contains(ip4);
    }
    if (value instanceof Ip6Network n) {
      return name == null && n.contains(high, low);
    }
    DomainPattern p = (DomainPattern) value;
    if (name == null) {
      return false;
    }
    boolean self = name.equals(p.name());
    boolean below = name.endsWith("." + p.name());
    return switch (p.match()) {
      case EXACT -> self;
      case SELF_AND_SUBDOMAINS -> self || below;
      case SUBDOMAINS -> below;
    };
  }

  private static boolean expectedBelow(ScopeInfo scope, List<ActiveEntry> entries, String name) {
    for (ActiveEntry entry : entries) {
      if (entry.scopeId() != scope.id()
          && !(scope.isServer() && entry.scopeId() == scope.accountScopeId())) {
        continue;
      }
      DomainPattern p = (DomainPattern) entry.value();
      if (p.name().endsWith("." + name)
          || (p.name().equals(name) && p.match() != DomainMatch.EXACT)) {
        return true;
      }
    }
    return false;
  }

  private static final ListKind[] KINDS = ListKind.values();

  private ActiveEntry randomEntry(long scope) {
    EntryValue value =
        switch (random.nextInt(3)) {
          case 0 -> randomIp4Network();
          case 1 -> randomIp6Network();
          default -> randomDomainPattern();
        };
    // Block, allow and exclude alike: exclusions (which answer nothing) must win and lose by the
    // same rule.
    ListKind kind = KINDS[random.nextInt(KINDS.length)];
    if (kind == ListKind.EXCLUDE) {
      return new ActiveEntry(nextId++, scope, kind, value, 0, null);
    }
    int code = 0x7f000002 + random.nextInt(4);
    return new ActiveEntry(
        nextId++, scope, kind, value, code, REASONS[random.nextInt(REASONS.length)]);
  }

  private Ip4Network randomIp4Network() {
    int length = shortPrefix(16, 17);
    int address = ip4Bases[random.nextInt(ip4Bases.length)] | (random.nextInt() & 0xffff);
    if (random.nextInt(4) == 0) {
      address &= 0xffffff0f; // crowd some networks together so they nest
    }
    return new Ip4Network(address & Ip4Network.mask(length), length);
  }

  private Ip6Network randomIp6Network() {
    int length = shortPrefix(48, 81);
    long high = ip6Bases[random.nextInt(ip6Bases.length)] | (random.nextInt(4));
    long low = random.nextInt(4) == 0 ? random.nextInt(256) : random.nextLong();
    return new Ip6Network(
        high & Ip6Network.highMask(length), low & Ip6Network.lowMask(length), length);
  }

  /**
   * A prefix length: now and then 0-2 (the whole address space or a half or quarter of it, which
   * contains every query), sometimes one below {@code usual}, mostly from {@code usual} on.
   */
  private int shortPrefix(int usual, int span) {
    return switch (random.nextInt(20)) {
      case 0 -> random.nextInt(3);
      case 1, 2 -> random.nextInt(usual);
      default -> usual + random.nextInt(span);
    };
  }

  private DomainPattern randomDomainPattern() {
    DomainMatch match = DomainMatch.values()[random.nextInt(3)];
    return new DomainPattern(randomName(1 + random.nextInt(3)), match);
  }

  private String randomName(int labelsBelowTop) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < labelsBelowTop; i++) {
      name.append(LABELS[random.nextInt(LABELS.length)]).append('.');
    }
    return name.append(TOPS[random.nextInt(TOPS.length)]).toString();
  }

  private int randomIp4Query(List<ActiveEntry> entries) {
    if (!entries.isEmpty() && random.nextInt(3) > 0) {
      Ip4Network n = (Ip4Network) entries.get(random.nextInt(entries.size())).value();
      return n.address() | (random.nextInt() & ~Ip4Network.mask(n.prefixLength()));
    }
    return random.nextBoolean()
        ? random.nextInt()
        : ip4Bases[random.nextInt(ip4Bases.length)] | (random.nextInt() & 0xffff);
  }

  private long[] randomIp6Query(List<ActiveEntry> entries) {
    if (!entries.isEmpty() && random.nextInt(3) > 0) {
      Ip6Network n = (Ip6Network) entries.get(random.nextInt(entries.size())).value();
      return new long[] {
        n.high() | (random.nextLong() & ~Ip6Network.highMask(n.prefixLength())),
        n.low() | (random.nextLong() & ~Ip6Network.lowMask(n.prefixLength()))
      };
    }
    return new long[] {
      ip6Bases[random.nextInt(ip6Bases.length)] | random.nextInt(4), random.nextLong()
    };
  }

  private String randomDomainQuery(List<ActiveEntry> entries) {
    if (!entries.isEmpty() && random.nextInt(3) > 0) {
      String name = ((DomainPattern) entries.get(random.nextInt(entries.size())).value()).name();
      int extra = random.nextInt(3);
      for (int i = 0; i < extra; i++) {
        name = LABELS[random.nextInt(LABELS.length)] + "." + name;
      }
      if (random.nextInt(8) == 0 && name.indexOf('.') > 0) {
        name = name.substring(name.indexOf('.') + 1); // an ancestor: empty non-terminals
      }
      return name;
    }
    return randomName(random.nextInt(4));
  }
}
