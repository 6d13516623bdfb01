package dev.palisade.dns;

import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * The apex records every served zone carries (SOA and NS), built from {@link DnsSettings}. The base
 * zone and each scope's four zones share the same name servers and SOA timers; only the owner and
 * the serial differ. The DNS server answers with them, and zone transfers send them. Immutable and
 * thread-safe.
 */
public final class ZoneRecords {

  private final Name base;
  private final Name mname;
  private final Name rname;
  private final List<Name> nameServers;
  private final DnsSettings.Soa soa;
  private final long nsTtl;

  public ZoneRecords(DnsSettings settings) {
    this.base = name(settings.baseZone());
    this.nameServers = settings.nameServers().stream().map(ZoneRecords::name).toList();
    this.mname = nameServers.get(0);
    this.rname = name(DnsSettings.Soa.mailboxToName(settings.soa().hostmaster()));
    this.soa = settings.soa();
    this.nsTtl = settings.nsTtl();
  }

  /** The base zone's name, absolute, lower-case. */
  public Name base() {
    return base;
  }

  /** The SOA MNAME: the first configured name server. */
  Name mname() {
    return mname;
  }

  /** The SOA RNAME: the hostmaster mailbox as a name. */
  Name rname() {
    return rname;
  }

  /**
   * The SOA of a zone. For the AUTHORITY section of a negative answer its TTL is min(SOA TTL, SOA
   * MINIMUM) (RFC 2308 §3), since resolvers cache the negative answer for that long.
   *
   * @param serial the zone's serial; only its low 32 bits are sent, which is how serial arithmetic
   *     wraps (RFC 1982)
   */
  public SOARecord soa(Name zone, long serial, boolean negative) {
    return new SOARecord(
        zone,
        DClass.IN,
        negative ? soa.negativeTtl() : soa.ttl(),
        mname,
        rname,
        serial & 0xffffffffL,
        soa.refresh(),
        soa.retry(),
        soa.expire(),
        soa.minimum());
  }

  /** The NS records of a zone, in the configured order. */
  public List<NSRecord> ns(Name zone) {
    return nameServers.stream().map(ns -> new NSRecord(zone, DClass.IN, nsTtl, ns)).toList();
  }

  /** Whether the name is one of the configured name servers. */
  boolean isNameServer(Name name) {
    return nameServers.contains(name);
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      // DnsSettings has already checked every name, so this is a bug, not bad input.
      throw new IllegalStateException("unparsable name '" + text + "'", e);
    }
  }
}
