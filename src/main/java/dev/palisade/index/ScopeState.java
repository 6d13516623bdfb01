package dev.palisade.index;

import dev.palisade.account.ScopeInfo;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.Networks;
import dev.palisade.listing.ActiveEntry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The writer's side of one scope: its label, account link and serial as last announced, the
 * long-lived writers of its three tables, and the tables last published from them.
 *
 * @implNote Not thread-safe: owned by {@link LiveIndex} (under its writer lock) or by a loader.
 */
final class ScopeState implements AnswerSink {

  /** {@link #entriesSerial} when it is not known which serial the entries match. */
  static final long UNKNOWN_SERIAL = -1;

  final long id;
  String label;
  Long accountScopeId;
  long serial;

  /** The scope's own query ACL; null when it inherits one. */
  Networks allowQuery;

  /** The labels the scope gave up that still answer for it, lower-case ({@link ScopeInfo}). */
  List<String> formerLabels = List.of();

  /**
   * The serial of the stored scope whose entries these tables hold exactly, or {@link
   * #UNKNOWN_SERIAL}: the serial read before the entries were loaded, carried forward by each
   * change whose previous serial it is. A change made elsewhere (another node) breaks the chain,
   * and from then on the tables are not known to match any serial. A saved index relies on it.
   */
  long entriesSerial = UNKNOWN_SERIAL;

  private final Ip4Table.Writer ip4 = new Ip4Table.Writer();
  private final Ip6Table.Writer ip6 = new Ip6Table.Writer();
  private final DomainTable.Writer domains = new DomainTable.Writer();
  private ScopeTables published = ScopeTables.EMPTY;

  ScopeState(ScopeInfo info) {
    this.id = info.id();
    update(info);
  }

  /** The scope as this state knows it. */
  ScopeInfo info() {
    return new ScopeInfo(id, label, accountScopeId, serial, allowQuery, formerLabels);
  }

  /** Takes the scope's labels, account link, query ACL and serial; the serial never goes down. */
  void update(ScopeInfo info) {
    label = info.label().toLowerCase(Locale.ROOT);
    formerLabels =
        info.formerLabels().stream().map(former -> former.toLowerCase(Locale.ROOT)).toList();
    accountScopeId = info.accountScopeId();
    allowQuery = info.allowQuery();
    serial = Math.max(serial, info.serial());
  }

  /** Sets an entry's answer, replacing the one the same (kind, value) had. */
  void add(ActiveEntry entry) {
    EntryValue value = entry.value();
    if (value instanceof Ip4Network n) {
      ip4(n.address(), n.prefixLength(), entry.kind(), entry.returnCode(), entry.reason());
    } else if (value instanceof Ip6Network n) {
      ip6(n.high(), n.low(), n.prefixLength(), entry.kind(), entry.returnCode(), entry.reason());
    } else if (value instanceof DomainPattern d) {
      domain(d.name(), d.match(), entry.kind(), entry.returnCode(), entry.reason());
    }
  }

  @Override
  public void ip4(int network, int length, ListKind kind, int code, String reason) {
    ip4.put(network, length, kind, code, reason);
  }

  @Override
  public void ip6(long high, long low, int length, ListKind kind, int code, String reason) {
    ip6.put(high, low, length, kind, code, reason);
  }

  @Override
  public void domain(String name, DomainMatch match, ListKind kind, int code, String reason) {
    domains.put(name, match, kind, code, reason);
  }

  /** Removes the answer of an entry's (kind, value); the other kind's answer stays. */
  void remove(ActiveEntry entry) {
    EntryValue value = entry.value();
    if (value instanceof Ip4Network n) {
      ip4.remove(n.address(), n.prefixLength(), entry.kind());
    } else if (value instanceof Ip6Network n) {
      ip6.remove(n.high(), n.low(), n.prefixLength(), entry.kind());
    } else if (value instanceof DomainPattern d) {
      domains.remove(d.name(), d.match(), entry.kind());
    }
  }

  /**
   * Takes the tables {@link ScopeTables#writeTo} saved and publishes them, as if their entries had
   * been added one by one. For a fresh scope only; {@code strings} shares equal reasons.
   */
  ScopeTables readFrom(ByteBuffer in, Map<String, String> strings) {
    ip4.readFrom(in, strings);
    ip6.readFrom(in, strings);
    domains.readFrom(in, strings);
    return publish();
  }

  /** Publishes the changes made since the last call; unchanged tables are reused as they are. */
  ScopeTables publish() {
    Ip4Table nextIp4 = ip4.publish();
    Ip6Table nextIp6 = ip6.publish();
    DomainTable nextDomains = domains.publish();
    if (nextIp4 != published.ip4()
        || nextIp6 != published.ip6()
        || nextDomains != published.domains()) {
      published = new ScopeTables(nextIp4, nextIp6, nextDomains);
    }
    return published;
  }

  /** Drops the changes made since the last {@link #publish()}. */
  void discard() {
    ip4.discard();
    ip6.discard();
    domains.discard();
  }

  ScopeTables published() {
    return published;
  }

  /** What the scope's tables hold and the bytes of their arrays. */
  IndexFootprint footprint() {
    return new IndexFootprint(
        ip4.current().size(),
        ip4.arrayBytes(),
        ip6.current().size(),
        ip6.arrayBytes(),
        domains.current().size(),
        domains.arrayBytes());
  }
}
