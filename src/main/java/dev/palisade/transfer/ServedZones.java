package dev.palisade.transfer;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The zones Palisade offers for transfer, as of now: each scope's {@code bl}, {@code wl}, {@code
 * dbl} and {@code dwl} zone under the base zone. Thread-safe; every call reads the index snapshot
 * current at that moment.
 */
public interface ServedZones {

  /**
   * Every zone offered now (each scope's bl/wl/dbl/dwl zones under the base zone), in a stable
   * order: by scope label, then bl, wl, dbl, dwl. Absolute, lower-case names.
   */
  List<Name> names();

  /**
   * The zone with this origin at the current serial, or empty when no such zone is served. The
   * image reads one index snapshot, so every call on it sees the same zone.
   */
  Optional<ZoneImage> zone(Name origin);
}
