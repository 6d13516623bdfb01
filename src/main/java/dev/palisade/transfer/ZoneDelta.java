package dev.palisade.transfer;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * Records removed and added between two serials of one zone, condensed (RFC 1995 §4): a record
 * removed and added again is in neither list. The SOA records are not in the lists; the caller
 * writes the old and new SOA around them.
 *
 * @param fromSerial the serial the difference starts from
 * @param toSerial the serial it leads to
 * @param removed records of {@code fromSerial} that {@code toSerial} no longer has
 * @param added records {@code toSerial} has that {@code fromSerial} had not
 */
public record ZoneDelta(long fromSerial, long toSerial, List<Record> removed, List<Record> added) {

  public ZoneDelta {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }
}
