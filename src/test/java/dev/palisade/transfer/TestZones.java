package dev.palisade.transfer;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntriesChanged;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * A live index with one account ({@code acme}, scope 1) and one of its mail servers ({@code
 * acme-mx1}, scope 2), the change feed of what was applied to it, and the transfer zones over it.
 */
final class TestZones {

  static final DnsSettings DNS = DnsSettings.defaults();
  static final long ACCOUNT = 1;
  static final long SERVER = 2;

  final LiveIndex index = new LiveIndex();
  final List<EntriesChanged> feed = new ArrayList<>();
  private long nextId = 1;
  private long serial = 10;
  private final List<ActiveEntry> initial = new ArrayList<>();

  /** The entries to load at {@link #load()}. */
  TestZones block(long scope, String value) {
    return entry(scope, ListKind.BLOCK, value, "127.0.0.2", null);
  }

  TestZones allow(long scope, String value) {
    return entry(scope, ListKind.ALLOW, value, "127.0.0.2", null);
  }

  TestZones exclude(long scope, String value) {
    return entry(scope, ListKind.EXCLUDE, value, "127.0.0.2", null);
  }

  TestZones entry(long scope, ListKind kind, String value, String code, String reason) {
    initial.add(active(scope, kind, value, code, reason));
    return this;
  }

  ActiveEntry active(long scope, ListKind kind, String value, String code, String reason) {
    // An exclusion answers nothing: whatever code it is given (0 when read back) is not parsed.
    int returnCode = kind == ListKind.EXCLUDE ? 0 : ReturnCode.parse(code);
    return new ActiveEntry(nextId++, scope, kind, EntryValue.parse(value), returnCode, reason);
  }

  /** Loads the entries given so far; both scopes at serial 10. */
  TestZones load() {
    LiveIndex.Loader loader =
        index.loader(
            List.of(
                new ScopeInfo(ACCOUNT, "acme", null, serial),
                new ScopeInfo(SERVER, "acme-mx1", ACCOUNT, serial)),
            serial);
    initial.forEach(loader::add);
    loader.publish();
    return this;
  }

  /** Applies a change to a scope as a write would, and records it in the feed. */
  long change(long scope, List<ActiveEntry> removed, List<ActiveEntry> added) {
    long previous =
        index.scopes().stream().filter(s -> s.id() == scope).findFirst().orElseThrow().serial();
    serial++;
    EntriesChanged change = new EntriesChanged(scope, previous, serial, removed, added);
    index.apply(change);
    feed.add(change);
    return serial;
  }

  /**
   * Applies a change to a scope as a write would, recording it in the feed as a change too large to
   * list its entries ({@link EntriesChanged#unlisted}), as a large import is recorded.
   */
  long changeUnlisted(long scope, List<ActiveEntry> removed, List<ActiveEntry> added) {
    long to = change(scope, removed, added);
    feed.set(feed.size() - 1, EntriesChanged.unlisted(scope, to));
    return to;
  }

  long serial() {
    return serial;
  }

  ServedZones zones(long maxRecords, int batch) {
    return new TransferZones(
        index,
        DNS,
        new TransferSettings(maxRecords),
        (scope, after, limit) ->
            feed.stream()
                .filter(c -> c.scopeId() == scope && c.serial() > after)
                .limit(limit)
                .toList(),
        batch);
  }

  ServedZones zones() {
    return zones(50_000_000, 64);
  }

  static Name origin(String label, ListZone list) {
    try {
      return Name.fromString(label + "." + list.label() + "." + DNS.baseZone() + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private ServedZones served;
  private long limit = 50_000_000;

  /** The record limit of the zones {@link #image} gives. */
  TestZones limit(long maxRecords) {
    this.limit = maxRecords;
    return this;
  }

  /** The zone now, from one {@link ServedZones} kept for the test, as a server keeps one. */
  ZoneImage image(String label, ListZone list) {
    if (served == null) {
      served = zones(limit, 64);
    }
    return served.zone(origin(label, list)).orElseThrow();
  }

  /** Every record of the image, the SOA first, as dnsjava's zone loads them. */
  static List<Record> records(ZoneImage image) {
    List<Record> records = new ArrayList<>();
    records.add(image.soa());
    image.forEachRecord(records::add);
    return records;
  }

  /**
   * The image as a secondary loads it: dnsjava's {@link Zone} must accept it (SOA and NS at the
   * apex, every record inside), and {@link SecondaryZone} answers from it.
   */
  static SecondaryZone zone(ZoneImage image) {
    try {
      new Zone(image.origin(), records(image).toArray(new Record[0]));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new SecondaryZone(image);
  }

  /**
   * Records as text, "owner TYPE rdata", sorted, for those at or below {@code under} (relative).
   */
  static Set<String> text(ZoneImage image, String under) {
    Set<String> out = new TreeSet<>();
    Name below = relative(under, image.origin());
    image.forEachRecord(
        (Consumer<Record>)
            r -> {
              if (below == null || r.getName().subdomain(below)) {
                out.add(text(r, image.origin()));
              }
            });
    return out;
  }

  /** A record as "owner TYPE rdata", the owner relative to the zone's origin. */
  static String text(Record r, Name origin) {
    return r.getName().relativize(origin)
        + " "
        + Type.string(r.getType())
        + " "
        + r.rdataToString().strip();
  }

  private static Name relative(String under, Name origin) {
    if (under == null) {
      return null;
    }
    try {
      return Name.fromString(under, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
