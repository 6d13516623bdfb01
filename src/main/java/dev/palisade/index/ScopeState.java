package dev.palisade.index;

import dev.palisade.account.ScopeInfo;
import dev.palisade.listing.ActiveEntry;
import dev.palisade.listing.EntryValue;
import dev.palisade.listing.EntryValue.DomainPattern;
import dev.palisade.listing.EntryValue.Ip4Network;
import dev.palisade.listing.EntryValue.Ip6Network;
import java.util.Locale;

/**
 * The writer's side of one scope: its label, account link and serial as last announced, the
 * long-lived writers of its three tables, and the tables last published from them.
 *
 * @implNote Not thread-safe: owned by {@link LiveIndex} (under its writer lock) or by a loader.
 */
final class ScopeState {

  final long id;
  String label;
  Long accountScopeId;
  long serial;

  private final Ip4Table.Writer ip4 = new Ip4Table.Writer();
  private final Ip6Table.Writer ip6 = new Ip6Table.Writer();
  private final DomainTable.Writer domains = new DomainTable.Writer();
  private ScopeTables published = ScopeTables.EMPTY;

  ScopeState(ScopeInfo info) {
    this.id = info.id();
    update(info);
  }

  /** Takes the scope's label, account link and serial; the serial never goes down. */
  void update(ScopeInfo info) {
    label = info.label().toLowerCase(Locale.ROOT);
    accountScopeId = info.accountScopeId();
    serial = Math.max(serial, info.serial());
  }

  /** Sets an entry's answer, replacing the one the same (kind, value) had. */
  void add(ActiveEntry entry) {
    EntryValue value = entry.value();
    if (value instanceof Ip4Network n) {
      ip4.put(n.address(), n.prefixLength(), entry.kind(), entry.returnCode(), entry.reason());
    } else if (value instanceof Ip6Network n) {
      ip6.put(
          n.high(), n.low(), n.prefixLength(), entry.kind(), entry.returnCode(), entry.reason());
    } else if (value instanceof DomainPattern d) {
      domains.put(d.name(), d.match(), entry.kind(), entry.returnCode(), entry.reason());
    }
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
