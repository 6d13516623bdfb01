package dev.palisade.listing;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ValueType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Which return codes a zone may answer with: the list's default ({@code
 * palisade.listing.return-code.*}) and every code an entry of the zone's scopes was given, active
 * or expired (listing an expired value again revives it with its code). For configuration snippets
 * whose filter must let every one of them through.
 *
 * <p>Thread-safe. One statement per call, reading the entries' distinct codes.
 */
@Service
public class ReturnCodesInUse {

  private final JdbcTemplate jdbc;
  private final ListingSettings settings;

  ReturnCodesInUse(JdbcTemplate jdbc, ListingSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
  }

  /**
   * The codes each of the four zones of a scope may answer with, as 32-bit addresses, ascending.
   *
   * @param scopeIds the scope and, for a mail server, its account's scope
   */
  public Map<ListZone, SortedSet<Integer>> of(List<Long> scopeIds) {
    Map<ListZone, SortedSet<Integer>> codes = new EnumMap<>(ListZone.class);
    for (ListZone zone : ListZone.values()) {
      ValueType type = zone.addresses() ? ValueType.IPV4 : ValueType.DOMAIN;
      codes.put(zone, new TreeSet<>(List.of(settings.defaultReturnCode(zone.lists(), type))));
    }
    if (scopeIds.isEmpty()) {
      return codes;
    }
    String in = String.join(", ", scopeIds.stream().map(id -> "?").toList());
    jdbc.query(
        "select distinct list_kind, value_type, return_code from entry where return_code is not"
            + " null and list_kind in ('BLOCK', 'ALLOW') and scope_id in ("
            + in
            + ")",
        row -> {
          ListZone zone =
              ListZone.of(ListKind.valueOf(row.getString(1)), ValueType.valueOf(row.getString(2)));
          codes.get(zone).add(row.getInt(3));
        },
        scopeIds.toArray());
    return codes;
  }
}
