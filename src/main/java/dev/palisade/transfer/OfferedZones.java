package dev.palisade.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Every zone that can be transferred: the served zones, as {@link ServedZones} renders them, and
 * the catalog zone that lists them. Thread-safe as its parts are.
 */
final class OfferedZones {

  private final ServedZones served;
  private final CatalogZone catalog;

  OfferedZones(ServedZones served, CatalogZone catalog) {
    this.served = served;
    this.catalog = catalog;
  }

  /** The zone of this origin as it is now, or empty when no such zone is served. */
  Optional<ZoneImage> zone(Name origin) {
    if (origin.equals(catalog.origin())) {
      return Optional.of(catalog.image());
    }
    return served.zone(origin);
  }

  /** Whether this is the catalog zone's name. */
  boolean isCatalog(Name name) {
    return name.equals(catalog.origin());
  }

  /** The names of every zone, the catalog's last. */
  List<Name> names() {
    List<Name> names = new ArrayList<>(served.names());
    names.add(catalog.origin());
    return names;
  }
}
