package dev.palisade.transfer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/**
 * A zone for the transfer tests: records given by the test, a serial, and the differences it knows
 * from older serials. Not a renderer: the transfer server must treat any {@link ZoneImage} alike.
 */
final class TestZone implements ZoneImage {

  private final Name origin;
  private long serial;
  private final List<Record> records = new ArrayList<>();
  private final Map<Long, ZoneDelta> deltas = new HashMap<>();
  private boolean tooLarge;
  private boolean historyFails;
  private int sizeChecks;

  TestZone(String origin, long serial) {
    this.origin = Name.fromConstantString(origin);
    this.serial = serial;
  }

  /** Adds {@code count} listed addresses, each with an A and a TXT record. */
  TestZone listed(int count) {
    for (int i = 0; i < count; i++) {
      Name name = name((i & 0xff) + "." + ((i >>> 8) & 0xff) + ".2.0");
      records.add(new ARecord(name, DClass.IN, 300, address(127, 0, 0, 2)));
      records.add(new TXTRecord(name, DClass.IN, 300, "Listed number " + i));
    }
    return this;
  }

  TestZone delta(long from, List<Record> removed, List<Record> added) {
    deltas.put(from, new ZoneDelta(from, serial, removed, added));
    return this;
  }

  TestZone serial(long serial) {
    this.serial = serial;
    return this;
  }

  TestZone markTooLarge() {
    tooLarge = true;
    return this;
  }

  /** Its history cannot be read, as when the change feed's database is down. */
  TestZone historyFails() {
    historyFails = true;
    return this;
  }

  List<Record> records() {
    return records;
  }

  Name name(String relative) {
    return Name.fromConstantString(relative + "." + origin);
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
        3600,
        Name.fromConstantString("ns.rbl.palisade.test."),
        Name.fromConstantString("hostmaster.rbl.palisade.test."),
        serial,
        3600,
        600,
        604800,
        60);
  }

  @Override
  public boolean tooLarge() {
    sizeChecks++;
    return tooLarge;
  }

  /** How often its size was asked for: each time, a real zone may render itself to count. */
  int sizeChecks() {
    return sizeChecks;
  }

  @Override
  public void forEachRecord(Consumer<Record> each) {
    records.forEach(each);
  }

  @Override
  public Optional<ZoneDelta> since(long serial) {
    if (historyFails) {
      throw new IllegalStateException("the change feed cannot be read");
    }
    return Optional.ofNullable(deltas.get(serial));
  }

  static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Served zones made of test zones. */
  static final class Zones implements ServedZones {
    private final Map<Name, ZoneImage> zones = new LinkedHashMap<>();

    synchronized Zones add(ZoneImage zone) {
      zones.put(zone.origin(), zone);
      return this;
    }

    synchronized Zones remove(String origin) {
      zones.remove(Name.fromConstantString(origin));
      return this;
    }

    @Override
    public synchronized List<Name> names() {
      return List.copyOf(zones.keySet());
    }

    @Override
    public synchronized Optional<ZoneImage> zone(Name origin) {
      return Optional.ofNullable(zones.get(origin));
    }
  }
}
