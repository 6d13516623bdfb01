package dev.palisade.transfer;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import dev.palisade.index.AnswerSink;
import dev.palisade.index.ZoneView;
import dev.palisade.index.ZoneViewBuilder;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Record;

/**
 * The difference of one zone between an earlier serial and the serial of its image (IXFR, RFC
 * 1995), from the change feed.
 *
 * <p>The feed holds, per scope and serial, the entries each change removed (with their old answers)
 * and added. A change can alter only the records of the nodes its entries meet: their ancestors and
 * the names inside their networks (or below their names). So one pass over the zone's entries
 * gathers those that meet a changed entry — everything such a node's records depend on — plus, for
 * each ancestor, whether other entries keep it in the zone; two small zones are built from them,
 * before and after (the index's own tables and decision rule, {@link ZoneViewBuilder}), both are
 * rendered, and the record sets compared. A node the changes do not reach renders alike in both, so
 * it drops out of the comparison.
 *
 * <p>Thread-safe: each call works on its own structures and the immutable image.
 */
final class ZoneDifference {

  /** Changes read from the feed per scope at most; beyond, a full transfer is cheaper. */
  static final int MAX_CHANGES = 10_000;

  /** Entries gathered around the changes at most; beyond, a full transfer is cheaper. */
  static final int MAX_GATHERED = 1_000_000;

  /** The scope of the zone and, for a mail server, its account's scope, as the index held them. */
  record Scopes(ScopeInfo own, ScopeInfo account) {}

  private final RenderedZone zone;
  private final Scopes scopes;
  private final ChangeSource changes;

  ZoneDifference(RenderedZone zone, Scopes scopes, ChangeSource changes) {
    this.zone = zone;
    this.scopes = scopes;
    this.changes = changes;
  }

  Optional<ZoneDelta> since(long serial) {
    long current = zone.view().serial();
    long to = zone.serial();
    if (serial == to) {
      return Optional.of(new ZoneDelta(serial, to, List.of(), List.of()));
    }
    if (serial < 0 || serial > current) {
      return Optional.empty(); // unknown, or a serial from the future
    }
    List<EntriesChanged> chain = new ArrayList<>();
    if (!readChain(scopes.own(), serial, current, chain)
        || (scopes.account() != null && !readChain(scopes.account(), serial, current, chain))) {
      return Optional.empty();
    }
    chain.sort(Comparator.comparingLong(EntriesChanged::serial));
    Map<Key, ActiveEntry> before = before(chain);
    if (before.isEmpty()) {
      return Optional.of(new ZoneDelta(serial, to, List.of(), List.of()));
    }
    Gathered gathered = gather(before);
    if (gathered == null) {
      return Optional.empty();
    }
    Set<Record> old = render(gathered.view(false, before), gathered);
    Set<Record> now = render(gathered.view(true, before), gathered);
    List<Record> removed = new ArrayList<>();
    for (Record record : old) {
      if (!now.contains(record)) {
        removed.add(record);
      }
    }
    List<Record> added = new ArrayList<>();
    for (Record record : now) {
      if (!old.contains(record)) {
        added.add(record);
      }
    }
    long records = zone.countFrom(serial, removed.size(), added.size());
    if (records < 0) {
      records = zone.recordCount();
    }
    if (removed.size() + added.size() >= records) {
      return Optional.empty(); // RFC 1995 §2: then the whole zone is the smaller answer
    }
    return Optional.of(new ZoneDelta(serial, to, removed, added));
  }

  /**
   * Adds a scope's changes after {@code serial} up to {@code current} to {@code chain}; false when
   * they are not all in the feed: pruned, made without a serial chain, or more than {@link
   * #MAX_CHANGES}.
   */
  private boolean readChain(
      ScopeInfo scope, long serial, long current, List<EntriesChanged> chain) {
    if (scope.serial() > current) {
      return false; // the scope changed after this image was taken
    }
    List<EntriesChanged> rows = changes.after(scope.id(), serial, MAX_CHANGES + 1);
    if (rows.size() > MAX_CHANGES) {
      return false;
    }
    long previous = serial;
    boolean first = true;
    for (EntriesChanged change : rows) {
      if (change.serial() > scope.serial()) {
        break;
      }
      long follows = change.previousSerial();
      if (follows == EntriesChanged.UNKNOWN_SERIAL
          || (first ? follows > serial : follows != previous)) {
        return false; // a change in between is missing
      }
      previous = change.serial();
      first = false;
      chain.add(change);
    }
    // The last change read must be the one that gave the scope the serial the image holds.
    return scope.serial() <= serial || previous == scope.serial();
  }

  /** An answer's identity in the zone: whose entry (the account's or the scope's), list, value. */
  private record Key(boolean account, ListKind kind, EntryValue value) {}

  /**
   * What each entry the changes touched answered at the earlier serial: the entry the first change
   * to it removed, or null when that change added it. Only entries of this zone's kind of value.
   */
  private Map<Key, ActiveEntry> before(List<EntriesChanged> chain) {
    Map<Key, ActiveEntry> before = new HashMap<>();
    boolean addresses = zone.list().addresses();
    for (EntriesChanged change : chain) {
      for (ActiveEntry removed : change.removed()) {
        Key key = key(removed);
        if (key != null
            && addresses == (removed.value().type() != ValueType.DOMAIN)
            && !before.containsKey(key)) {
          before.put(key, removed);
        }
      }
      for (ActiveEntry added : change.added()) {
        Key key = key(added);
        if (key != null
            && addresses == (added.value().type() != ValueType.DOMAIN)
            && !before.containsKey(key)) {
          before.put(key, null);
        }
      }
    }
    return before;
  }

  private Key key(ActiveEntry entry) {
    if (entry.scopeId() == scopes.own().id()) {
      return new Key(false, entry.kind(), entry.value());
    }
    if (scopes.account() != null && entry.scopeId() == scopes.account().id()) {
      return new Key(true, entry.kind(), entry.value());
    }
    return null;
  }

  private Set<Record> render(ZoneView view, Gathered gathered) {
    Set<Record> records = new HashSet<>();
    ZoneRenderer.Extras extras =
        new ZoneRenderer.Extras(gathered.extraIp4, gathered.extraIp6, gathered.extraNames);
    zone.renderer().render(view, zone.list(), zone.origin(), extras, records::add);
    return records;
  }

  // ---- Gathering: one pass over the zone's current entries. ----

  /** One current answer kept for the small zones. */
  private record Answer(boolean account, ListKind kind, EntryValue value, int code, String reason) {

    void replay(AnswerSink sink) {
      if (value instanceof Ip4Network n) {
        sink.ip4(n.address(), n.prefixLength(), kind, code, reason);
      } else if (value instanceof Ip6Network n) {
        sink.ip6(n.high(), n.low(), n.prefixLength(), kind, code, reason);
      } else {
        DomainPattern d = (DomainPattern) value;
        sink.domain(d.name(), d.match(), kind, code, reason);
      }
    }
  }

  /** The answers gathered, and the zones before and after made of them. */
  private final class Gathered {
    final List<Answer> answers = new ArrayList<>();

    /** Ancestors of changed values that entries the changes did not touch keep in the zone. */
    final Set<Long> extraIp4 = new LinkedHashSet<>();

    final Set<Ip6Key> extraIp6 = new LinkedHashSet<>();
    final Set<String> extraNames = new LinkedHashSet<>();

    ZoneView view(boolean after, Map<Key, ActiveEntry> before) {
      ScopeInfo own = scopes.own();
      ZoneViewBuilder builder = new ZoneViewBuilder(own.label(), 0, scopes.account() != null);
      for (Answer answer : answers) {
        if (after
            || !before.containsKey(new Key(answer.account(), answer.kind(), answer.value()))) {
          answer.replay(answer.account() ? builder.account() : builder.own());
        }
      }
      if (!after) {
        for (Map.Entry<Key, ActiveEntry> entry : before.entrySet()) {
          ActiveEntry old = entry.getValue();
          if (old != null) {
            Answer answer =
                new Answer(
                    entry.getKey().account(),
                    old.kind(),
                    old.value(),
                    old.returnCode(),
                    old.reason());
            answer.replay(answer.account() ? builder.account() : builder.own());
          }
        }
      }
      return builder.build();
    }
  }

  /**
   * Gathers the current answers that meet a changed entry's value, or that any zone needs near the
   * apex (IPv6 networks of 16 bits or fewer, IPv4 networks that contain a node of single digits),
   * and notes which ancestors of changed values other entries keep in the zone. Null when more than
   * {@link #MAX_GATHERED} answers would be kept.
   */
  private Gathered gather(Map<Key, ActiveEntry> before) {
    Gathered gathered = new Gathered();
    ChangedValues changed = new ChangedValues(before.keySet().stream().map(Key::value).toList());
    BitSet top = new BitSet(AddressZoneRenderer.TOP_NODES);
    boolean[] tooMany = {false};
    AnswerSink[] sinks = new AnswerSink[2];
    for (int side = 0; side < 2; side++) {
      boolean account = side == 1;
      sinks[side] =
          new AnswerSink() {
            @Override
            public void ip4(int network, int length, ListKind kind, int code, String reason) {
              boolean meets = changed.meetsIp4(network, length);
              if (meets || containsSingleDigitNode(network, length)) {
                keep(new Ip4Network(network, length), kind, code, reason);
              }
              if (!meets
                  || !before.containsKey(new Key(account, kind, new Ip4Network(network, length)))) {
                AddressZoneRenderer.markIp4Top(network, length, top);
                changed.witnessIp4(network, length, gathered.extraIp4);
              }
            }

            @Override
            public void ip6(
                long high, long low, int length, ListKind kind, int code, String reason) {
              boolean meets = changed.meetsIp6(high, low, length);
              if (meets || length <= 4 * AddressZoneRenderer.TOP_DEPTH) {
                keep(new Ip6Network(high, low, length), kind, code, reason);
              }
              if (!meets
                  || !before.containsKey(
                      new Key(account, kind, new Ip6Network(high, low, length)))) {
                AddressZoneRenderer.markIp6Top(high, length, top);
                changed.witnessIp6(high, low, length, gathered.extraIp6);
              }
            }

            @Override
            public void domain(
                String name, DomainMatch match, ListKind kind, int code, String reason) {
              boolean meets = changed.meetsName(name);
              if (meets) {
                keep(new DomainPattern(name, match), kind, code, reason);
              }
              if (!meets
                  || !before.containsKey(new Key(account, kind, new DomainPattern(name, match)))) {
                changed.witnessName(name, gathered.extraNames);
              }
            }

            private void keep(EntryValue value, ListKind kind, int code, String reason) {
              if (gathered.answers.size() >= MAX_GATHERED) {
                tooMany[0] = true;
              } else {
                gathered.answers.add(new Answer(account, kind, value, code, reason));
              }
            }
          };
    }
    ZoneView view = zone.view();
    if (zone.list().addresses()) {
      view.forEachAnswer(ValueType.IPV4, sinks[0], sinks[1]);
      view.forEachAnswer(ValueType.IPV6, sinks[0], sinks[1]);
      for (int depth = 1; depth <= AddressZoneRenderer.TOP_DEPTH; depth++) {
        int from = AddressZoneRenderer.TOP_OFFSET[depth];
        for (int node = top.nextSetBit(from);
            node >= 0 && node < from + (1 << (4 * depth));
            node = top.nextSetBit(node + 1)) {
          gathered.extraIp6.add(
              new Ip6Key(AddressZoneRenderer.topHigh(node - from, depth), 0, 4 * depth));
        }
      }
    } else {
      view.forEachAnswer(ValueType.DOMAIN, sinks[0], sinks[1]);
    }
    return tooMany[0] ? null : gathered;
  }

  /**
   * Whether an IPv4 network contains a node whose octets are all single digits (such nodes are also
   * IPv6 nodes, and rendered together with them).
   */
  static boolean containsSingleDigitNode(int network, int length) {
    int full = Math.min(length / 8, 4);
    for (int i = 0; i < full; i++) {
      if (((network >>> (24 - 8 * i)) & 0xff) > 9) {
        return false;
      }
    }
    return full == 4 || length % 8 == 0 || ((network >>> (24 - 8 * full)) & 0xff) <= 9;
  }
}
