package dev.palisade.web;

import dev.palisade.dns.DnsLookup;
import dev.palisade.dns.DnsServer;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dnsbl.ListZone;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The names of a scope's four zones and the configuration that uses them, ready to paste: Postfix
 * restrictions (allow lists before block lists, each with a {@code =127.0.0.[2..255]} filter so a
 * stray answer such as a resolver's "not found" page address never blocks mail), an {@code
 * rbl_reply_maps} example, and an unbound {@code stub-zone} that forwards the base zone to
 * Palisade. Thread-safe.
 */
@Component
class ZoneSnippets {

  /** What Postfix accepts as "listed": any Palisade return code except RFC 5782's 127.0.0.1. */
  static final String FILTER = "=127.0.0.[2..255]";

  private final DnsLookup dns;
  private final DnsSettings settings;

  /** Absent when Palisade runs a command-line tool without its DNS server. */
  private final ObjectProvider<DnsServer> server;

  ZoneSnippets(DnsLookup dns, DnsSettings settings, ObjectProvider<DnsServer> server) {
    this.dns = dns;
    this.settings = settings;
    this.server = server;
  }

  /**
   * Everything a page shows about a scope's zones.
   *
   * @param zones list name ({@code bl}, {@code wl}, {@code dbl}, {@code dwl}) to zone name
   * @param postfix {@code smtpd_recipient_restrictions} for main.cf
   * @param replyMaps the {@code rbl_reply_maps} setting and the map file
   * @param unbound the unbound configuration forwarding the base zone
   */
  record Snippets(Map<String, String> zones, String postfix, String replyMaps, String unbound) {}

  Snippets of(String label) {
    Map<String, String> zones = new LinkedHashMap<>();
    for (ListZone list : ListZone.values()) {
      zones.put(list.label(), dns.zoneName(label, list));
    }
    return new Snippets(zones, postfix(zones), replyMaps(zones), unbound());
  }

  private static String postfix(Map<String, String> z) {
    return String.join(
        "\n",
        "# /etc/postfix/main.cf",
        "smtpd_recipient_restrictions =",
        "    permit_mynetworks,",
        "    permit_sasl_authenticated,",
        "    reject_unauth_destination,",
        "    # allow lists first: an allowed client or domain skips the block lists",
        "    permit_dnswl_client " + z.get(ListZone.WL.label()) + FILTER + ",",
        "    permit_rhswl_client " + z.get(ListZone.DWL.label()) + FILTER + ",",
        "    reject_rbl_client " + z.get(ListZone.BL.label()) + FILTER + ",",
        "    reject_rhsbl_client " + z.get(ListZone.DBL.label()) + FILTER + ",",
        "    reject_rhsbl_reverse_client " + z.get(ListZone.DBL.label()) + FILTER + ",",
        "    reject_rhsbl_helo " + z.get(ListZone.DBL.label()) + FILTER + ",",
        "    reject_rhsbl_sender " + z.get(ListZone.DBL.label()) + FILTER + ",",
        "    permit");
  }

  private static String replyMaps(Map<String, String> z) {
    return String.join(
        "\n",
        "# /etc/postfix/main.cf",
        "rbl_reply_maps = texthash:/etc/postfix/rbl_reply",
        "",
        "# /etc/postfix/rbl_reply (the TXT of the entry arrives as $rbl_reason). The key is the",
        "# list exactly as written in the restriction, =filter included, or Postfix ignores it.",
        z.get(ListZone.BL.label())
            + FILTER
            + "  $rbl_code 5.7.1 Service unavailable; $rbl_class [$rbl_what] blocked"
            + "${rbl_reason?: $rbl_reason}",
        z.get(ListZone.DBL.label())
            + FILTER
            + "  $rbl_code 5.7.1 Service unavailable; $rbl_class [$rbl_what] blocked"
            + "${rbl_reason?: $rbl_reason}");
  }

  private String unbound() {
    String base = settings.baseZone();
    DnsServer running = server.getIfAvailable();
    int port = running != null && running.isRunning() ? running.port() : settings.port();
    String address = settings.address();
    if (address.equals("0.0.0.0") || address.equals("::")) {
      address = "<address of this Palisade server>";
    }
    StringBuilder out = new StringBuilder();
    out.append("# /etc/unbound/unbound.conf.d/palisade.conf\n");
    out.append("server:\n");
    out.append("    # the zones are not signed with DNSSEC\n");
    out.append("    domain-insecure: \"").append(base).append("\"\n");
    if (base.endsWith(".test") || base.equals("test")) {
      out.append("    # unbound answers .test itself (RFC 6761) unless told not to\n");
      out.append("    local-zone: \"test.\" nodefault\n");
    }
    if (address.startsWith("127.") || address.equals("::1")) {
      out.append("    # Palisade runs on this machine\n");
      out.append("    do-not-query-localhost: no\n");
    }
    out.append("\n");
    out.append("stub-zone:\n");
    out.append("    name: \"").append(base).append("\"\n");
    out.append("    stub-addr: ").append(address);
    if (port != 53) {
      out.append('@').append(port);
    }
    out.append('\n');
    return out.toString();
  }
}
