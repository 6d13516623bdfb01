package dev.palisade.zonefile;

import java.util.List;

/**
 * The zone metadata a data file declares. Palisade configures SOA, NS and TTLs itself; these are
 * returned so an importer can show them or carry them over. As in rbldnsd, only the first {@code
 * $SOA} and {@code $NS} line counts. Time values are in seconds; 0 means "the server's default".
 *
 * @param soa the first valid {@code $SOA} line, or null
 * @param nameServers the first valid {@code $NS} line, or null
 * @param ttl the last {@code $TTL} value, or null
 */
public record ZoneFileDirectives(Soa soa, NameServers nameServers, Long ttl) {

  /** No directives. */
  public static final ZoneFileDirectives NONE = new ZoneFileDirectives(null, null, null);

  /**
   * {@code $SOA ttl origin contact serial refresh retry expire minimum}. Names are absolute,
   * without the trailing dot; a serial of 0 means "use the data's timestamp" to rbldnsd.
   */
  public record Soa(
      int line,
      long ttl,
      String origin,
      String contact,
      long serial,
      long refresh,
      long retry,
      long expire,
      long minimum) {}

  /**
   * {@code $NS ttl name...}; names rbldnsd ignores (written with a leading {@code -}) are left out.
   */
  public record NameServers(int line, long ttl, List<String> names) {

    public NameServers {
      names = List.copyOf(names);
    }
  }
}
