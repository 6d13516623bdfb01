package dev.palisade.transfer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;

/**
 * The last known number of records of each zone, with the serial it is of: counting a zone costs a
 * whole rendering, but a zone's count at a new serial follows from its count at the serial a
 * difference starts from, which is the common case of a secondary asking for IXFR. A zone found
 * within the limit by its {@link RecordBound} alone is noted without a count. Thread-safe.
 */
final class RecordCounts {

  private record Count(long serial, long records) {}

  private final Map<Name, Count> counts = new ConcurrentHashMap<>();

  /** The count of the zone at this serial, or -1 when it is not known. */
  long get(Name origin, long serial) {
    Count count = counts.get(origin);
    return count != null && count.serial() == serial ? count.records() : -1;
  }

  /** Notes the count of the zone at a serial, replacing one of an older serial. */
  void put(Name origin, long serial, long records) {
    counts.merge(
        origin,
        new Count(serial, records),
        (old, fresh) -> fresh.serial() >= old.serial() ? fresh : old);
  }

  /**
   * Notes that the zone is within the limit at a serial, its count unknown: it replaces a count of
   * an older serial (which may have been over the limit), not one of the same serial.
   */
  void within(Name origin, long serial) {
    counts.merge(
        origin, new Count(serial, -1), (old, fresh) -> fresh.serial() > old.serial() ? fresh : old);
  }

  /** Whether the zone's last count, at whatever serial, was above {@code limit}. */
  boolean over(Name origin, long limit) {
    Count count = counts.get(origin);
    return count != null && count.records() > limit;
  }

  /** Forgets the zones not among {@code served}, so the map does not outgrow the zones. */
  void retain(Collection<Name> served) {
    counts.keySet().retainAll(Set.copyOf(served));
  }
}
