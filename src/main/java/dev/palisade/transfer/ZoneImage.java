package dev.palisade.transfer;

import java.util.Optional;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * One zone at one serial, rendered as ordinary records that give a standard name server the
 * verdicts Palisade gives (deploy/secondaries.md, "What a secondary serves"). Immutable: it holds
 * one index snapshot, so it renders the same records however often it is asked. Thread-safe.
 */
public interface ZoneImage {

  /** The zone's apex, absolute and lower-case. */
  Name origin();

  /** The zone's serial, as its SOA carries it (low 32 bits, RFC 1982). */
  long serial();

  /** The SOA at the apex, as Palisade answers it. */
  SOARecord soa();

  /**
   * Whether rendering would exceed the configured record limit ({@code
   * palisade.transfer.max-records}): such a zone is not offered (the caller logs once and refuses).
   * Counting costs a rendering pass; the answer is computed once per image.
   */
  boolean tooLarge();

  /**
   * Every record except the SOA (NS at the apex, test points, listings), streamed: memory bounded
   * whatever the zone's size. Records come grouped by owner name; the order is otherwise
   * unspecified but stable for one image.
   */
  void forEachRecord(Consumer<Record> each);

  /**
   * The condensed difference from an earlier serial to this one (IXFR, RFC 1995), or empty when it
   * cannot be given (history pruned, serial unknown or in the future, or the difference larger than
   * the zone). A serial equal to this image's gives an empty difference (not an empty optional).
   */
  Optional<ZoneDelta> since(long serial);
}
