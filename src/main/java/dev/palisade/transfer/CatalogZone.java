package dev.palisade.transfer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The catalog zone (RFC 9432, schema version 2): one PTR per served zone, so a secondary configured
 * once as a catalog consumer (Knot, BIND) adds the zones of a new account or mail server by itself
 * and drops those of a deleted one.
 *
 * <pre>
 * catalog.invalid.                       SOA  …
 * catalog.invalid.                       NS   invalid.            (RFC 9432 §4.1)
 * version.catalog.invalid.               TXT  "2"                 (§4.2.1)
 * &lt;id&gt;.zones.catalog.invalid.            PTR  acme.bl.rbl.example.net.   (§4.3)
 * </pre>
 *
 * <p>A member's unique label ({@code <id>}) is the SHA-1 of its name in wire form, in hex: stable
 * for as long as the zone exists, so consumers keep the zone's data across catalog changes, and
 * different for a zone deleted and created again only when its name differs. The serial is the base
 * zone's, which increases whenever the set of scopes (and so of zones) changes, and survives
 * restarts as it lives in the database. The catalog holds secret zone labels, so it is never
 * answered to a query: only transferred, under the transfers' access rules.
 *
 * <p>Thread-safe: {@link #image()} reads the served zones once and returns an immutable image.
 */
final class CatalogZone {

  /** RFC 9432 §4.1: the NS RR's target, "invalid." is recommended. */
  private static final Name INVALID = Name.fromConstantString("invalid.");

  /** TTL of the catalog's records; consumers ignore it (RFC 9432 §4). */
  private static final long TTL = 0;

  private final Name origin;
  private final ServedZones served;
  private final LongSupplier serial;
  private final SoaValues soa;

  /** The SOA fields the catalog shares with the served zones. */
  record SoaValues(Name mname, Name rname, long refresh, long retry, long expire, long minimum) {}

  /**
   * @param serial the serial of the set of zones (the base zone's); read before the zones, so an
   *     image never pairs a serial with an older set
   */
  CatalogZone(Name origin, ServedZones served, LongSupplier serial, SoaValues soa) {
    this.origin = origin;
    this.served = served;
    this.serial = serial;
    this.soa = soa;
  }

  Name origin() {
    return origin;
  }

  /** The catalog as it is now. */
  ZoneImage image() {
    long current = serial.getAsLong();
    List<Name> members = new ArrayList<>(served.names());
    members.remove(origin);
    return new Image(current, List.copyOf(members));
  }

  /** The unique label of a member zone (RFC 9432 §4.3): hex SHA-1 of its canonical wire form. */
  static String memberLabel(Name zone) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(zone.toWireCanonical()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }

  private final class Image implements ZoneImage {
    private final long serial;
    private final List<Name> members;

    Image(long serial, List<Name> members) {
      this.serial = serial;
      this.members = members;
    }

    @Override
    public Name origin() {
      return origin;
    }

    @Override
    public long serial() {
      return serial;
    }

    @Override
    public SOARecord soa() {
      return new SOARecord(
          origin,
          DClass.IN,
          TTL,
          soa.mname(),
          soa.rname(),
          serial & 0xffffffffL,
          soa.refresh(),
          soa.retry(),
          soa.expire(),
          soa.minimum());
    }

    @Override
    public boolean tooLarge() {
      return false;
    }

    @Override
    public void forEachRecord(Consumer<Record> each) {
      each.accept(new NSRecord(origin, DClass.IN, TTL, INVALID));
      each.accept(new TXTRecord(name("version"), DClass.IN, TTL, "2"));
      Name zones = name("zones");
      for (Name member : members) {
        each.accept(new PTRRecord(relative(memberLabel(member), zones), DClass.IN, TTL, member));
      }
    }

    /** Catalogs are small and consumers read them whole: no history, AXFR every time. */
    @Override
    public Optional<ZoneDelta> since(long serial) {
      return Optional.empty();
    }
  }

  private Name name(String label) {
    return relative(label, origin);
  }

  private static Name relative(String label, Name under) {
    try {
      return Name.concatenate(new Name(label), under);
    } catch (TextParseException | NameTooLongException e) {
      throw new IllegalStateException("catalog name too long below " + under, e);
    }
  }
}
