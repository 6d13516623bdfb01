package dev.palisade.transfer;

import dev.palisade.dns.ZoneRecords;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.index.ZoneView;
import java.util.Optional;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * A {@link ZoneImage} of one scope's zone as one index snapshot holds it: records rendered afresh
 * on every call, the same each time, so nothing of the zone is kept. Thread-safe; the record count
 * is computed once, and only when the zone's {@link RecordBound} does not already keep it within
 * the limit; a whole pass over the records (an AXFR) notes their count for later differences.
 */
final class RenderedZone implements ZoneImage {

  private final Name origin;
  private final ListZone list;
  private final ZoneView view;
  private final ZoneRecords apex;
  private final ZoneRenderer renderer;
  private final long maxRecords;
  private final ZoneDifference difference;
  private final RecordCounts counts;

  /** Records of the zone besides its SOA, or -1 until counted; over the limit, maxRecords + 1. */
  private long count = -1;

  /** The zone's {@link RecordBound} with its NS records, or -1 until computed. */
  private long bound = -1;

  RenderedZone(
      Name origin,
      ListZone list,
      ZoneView view,
      ZoneRecords apex,
      ZoneRenderer renderer,
      long maxRecords,
      ZoneDifference.Scopes scopes,
      ChangeSource changes,
      RecordCounts counts) {
    this.origin = origin;
    this.list = list;
    this.view = view;
    this.apex = apex;
    this.renderer = renderer;
    this.maxRecords = maxRecords;
    this.difference = new ZoneDifference(this, scopes, changes);
    this.counts = counts;
  }

  @Override
  public Name origin() {
    return origin;
  }

  @Override
  public long serial() {
    return view.serial() & 0xffffffffL;
  }

  @Override
  public SOARecord soa() {
    return apex.soa(origin, view.serial(), false);
  }

  /** Counts the records only when their bound is above the limit. */
  @Override
  public boolean tooLarge() {
    if (bound() <= maxRecords) {
      counts.within(origin, view.serial());
      return false;
    }
    return recordCount() > maxRecords;
  }

  /** Streams every record; a pass that reaches the end notes how many there were. */
  @Override
  public void forEachRecord(Consumer<Record> each) {
    long[] seen = {0};
    Consumer<Record> counting =
        record -> {
          seen[0]++;
          each.accept(record);
        };
    apex.ns(origin).forEach(counting);
    renderer.render(view, list, origin, ZoneRenderer.Extras.NONE, counting);
    counted(seen[0]);
  }

  /** An upper bound on the records besides the SOA, computed once without rendering. */
  synchronized long bound() {
    if (bound < 0) {
      bound = apex.ns(origin).size() + RecordBound.of(view, list);
    }
    return bound;
  }

  private synchronized void counted(long records) {
    count = records;
    counts.put(origin, view.serial(), records);
  }

  @Override
  public Optional<ZoneDelta> since(long serial) {
    return difference.since(serial);
  }

  ListZone list() {
    return list;
  }

  ZoneView view() {
    return view;
  }

  ZoneRenderer renderer() {
    return renderer;
  }

  /**
   * The records of the zone besides its SOA: known from an earlier image of the same serial, or
   * from a difference, or else counted by rendering the zone once; a count above the limit stops
   * there and is reported as the limit plus one.
   */
  synchronized long recordCount() {
    if (count < 0) {
      count = counts.get(origin, view.serial());
    }
    if (count < 0) {
      long[] seen = {0};
      try {
        forEachRecord(
            record -> {
              if (++seen[0] > maxRecords) {
                throw new LimitReached();
              }
            });
        count = seen[0];
      } catch (LimitReached e) {
        count = maxRecords + 1;
      }
      counts.put(origin, view.serial(), count);
    }
    return count;
  }

  /**
   * The count at an earlier serial, if known and within the limit, and so the count now given the
   * difference from there; -1 when not known.
   */
  synchronized long countFrom(long serial, int removed, int added) {
    long before = counts.get(origin, serial);
    if (before < 0 || before > maxRecords) {
      return -1;
    }
    if (count < 0) {
      count = before - removed + added;
      counts.put(origin, view.serial(), count);
    }
    return count;
  }

  /** Stops a counting pass at the limit. */
  private static final class LimitReached extends RuntimeException {
    LimitReached() {
      super(null, null, false, false);
    }
  }
}
