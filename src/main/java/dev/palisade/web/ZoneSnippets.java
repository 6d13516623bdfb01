package dev.palisade.web;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsLookup;
import dev.palisade.dns.DnsServer;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.listing.ReturnCodesInUse;
import dev.palisade.transfer.TransferZones;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The names of a scope's four zones and the configuration that uses them, ready to paste: Postfix
 * restrictions (allow lists before block lists, each with a filter such as {@code
 * =127.0.0.[2..255]} that lets through exactly the return codes the zone may answer with, so a
 * stray answer such as a resolver's "not found" page address never blocks mail, and no code in use
 * is ignored) — both the lines to add to an existing list and a whole one — an {@code
 * rbl_reply_maps} example, postscreen's weighted DNS list settings, an unbound {@code stub-zone}
 * that forwards the base zone to Palisade, and through {@link FilterSnippets} the same for
 * SpamAssassin, rspamd and Exim. Thread-safe.
 */
@Component
class ZoneSnippets {

  /**
   * What Postfix accepts as "listed" while every return code in use is in 127.0.0.2 to 127.0.0.255:
   * all of them, so codes added later in that range need no change of main.cf.
   */
  static final String FILTER = "=127.0.0.[2..255]";

  /** Most distinct values of one octet written as a list ({@code [2;3;5]}) rather than a range. */
  private static final int MAX_LISTED = 8;

  private final DnsLookup dns;
  private final DnsSettings settings;
  private final Accounts accounts;
  private final ReturnCodesInUse codes;

  /** Absent when Palisade runs a command-line tool without its DNS server. */
  private final ObjectProvider<DnsServer> server;

  /** The zones as transfers render them; absent where there is no index to render from. */
  private final ObjectProvider<TransferZones> transfers;

  ZoneSnippets(
      DnsLookup dns,
      DnsSettings settings,
      ObjectProvider<DnsServer> server,
      ObjectProvider<TransferZones> transfers,
      Accounts accounts,
      ReturnCodesInUse codes) {
    this.dns = dns;
    this.settings = settings;
    this.server = server;
    this.transfers = transfers;
    this.accounts = accounts;
    this.codes = codes;
  }

  /**
   * Everything a page shows about a scope's zones.
   *
   * @param zones list name ({@code bl}, {@code wl}, {@code dbl}, {@code dwl}) to zone name
   * @param postfixLines the lines to add to an existing {@code smtpd_recipient_restrictions}
   * @param postfix a whole {@code smtpd_recipient_restrictions} for main.cf with those lines
   * @param replyMaps the {@code rbl_reply_maps} setting and the map file
   * @param postscreen the {@code postscreen_dnsbl_*} settings, with weights, and their reply map
   * @param unbound the unbound configuration forwarding the base zone
   * @param spamAssassin rules for a SpamAssassin site config file
   * @param rspamd rspamd's RBL module settings and the scores of its symbols
   * @param exim statements for Exim's RCPT ACL
   * @param tooLarge the zones refused to secondaries because they render to more records than
   *     {@code palisade.transfer.max-records} allows, as last counted
   * @param transferLimit that setting's value
   */
  record Snippets(
      Map<String, String> zones,
      String postfixLines,
      String postfix,
      String replyMaps,
      String postscreen,
      String unbound,
      String spamAssassin,
      String rspamd,
      String exim,
      List<String> tooLarge,
      long transferLimit) {

    /** These snippets, with the zones too large to transfer and the limit they passed. */
    Snippets withTransfers(List<String> tooLarge, long transferLimit) {
      return new Snippets(
          zones,
          postfixLines,
          postfix,
          replyMaps,
          postscreen,
          unbound,
          spamAssassin,
          rspamd,
          exim,
          tooLarge,
          transferLimit);
    }
  }

  /** The names of the four zones a label names: list name to zone name. */
  Map<String, String> zones(String label) {
    Map<String, String> zones = new LinkedHashMap<>();
    for (ListZone list : ListZone.values()) {
      zones.put(list.label(), dns.zoneName(label, list));
    }
    return zones;
  }

  /** The snippets of a scope, filtering the return codes its zones may answer with. */
  Snippets of(ScopeDetails scope) {
    List<Long> scopeIds = new ArrayList<>(List.of(scope.scopeId()));
    if (scope.serverId() != null) {
      scopeIds.add(accounts.accountScope(scope.accountId()).id());
    }
    Map<ListZone, SortedSet<Integer>> inUse = codes.of(scopeIds);
    Snippets snippets = render(zones(scope.label()), inUse, unbound());
    TransferZones served = transfers.getIfAvailable();
    return served == null
        ? snippets
        : snippets.withTransfers(served.tooLarge(scope.label()), served.maxRecords());
  }

  /**
   * The snippets for zones of these names ({@link #zones}), filtering the return codes of each list
   * ({@code inUse}), with the resolver configuration {@code unbound}. Pure: tests check its output
   * with each tool.
   */
  static Snippets render(
      Map<String, String> zones, Map<ListZone, SortedSet<Integer>> inUse, String unbound) {
    Map<ListZone, String> listed = new EnumMap<>(ListZone.class);
    Map<ListZone, FilterSnippets.Zone> named = new EnumMap<>(ListZone.class);
    for (ListZone list : ListZone.values()) {
      listed.put(list, zones.get(list.label()) + filter(inUse.get(list)));
      named.put(list, new FilterSnippets.Zone(zones.get(list.label()), inUse.get(list)));
    }
    return new Snippets(
        zones,
        postfixLines(listed),
        postfix(listed),
        replyMaps(listed),
        postscreen(listed, zones.get(ListZone.BL.label())),
        unbound,
        FilterSnippets.spamAssassin(named),
        FilterSnippets.rspamd(named),
        FilterSnippets.exim(named),
        List.of(),
        0);
  }

  /**
   * The Postfix filter ({@code =d.d.d.d}, each octet a number, {@code [a;b]} or {@code [a..b]})
   * that matches every one of the codes: {@link #FILTER} while they all lie in 127.0.0.2 to
   * 127.0.0.255, otherwise each octet's values. It may match a few codes besides (127.0.[0;1].[2;5]
   * also matches 127.0.1.5), all in 127.0.0.0/8, where only Palisade answers.
   */
  static String filter(SortedSet<Integer> codes) {
    boolean usual = codes.stream().allMatch(ReturnCode::usual);
    if (usual) {
      return FILTER;
    }
    StringBuilder out = new StringBuilder("=127");
    for (int shift = 16; shift >= 0; shift -= 8) {
      int at = shift;
      SortedSet<Integer> octets = new TreeSet<>();
      codes.forEach(code -> octets.add((code >>> at) & 0xff));
      out.append('.').append(octet(octets));
    }
    return out.toString();
  }

  private static String octet(SortedSet<Integer> values) {
    if (values.size() == 1) {
      return String.valueOf(values.first());
    }
    if (values.size() > MAX_LISTED || values.last() - values.first() + 1 == values.size()) {
      return "[" + values.first() + ".." + values.last() + "]";
    }
    return "[" + String.join(";", values.stream().map(String::valueOf).toList()) + "]";
  }

  /**
   * The restrictions that ask the zones, one per line, each ending in a comma: to be added to an
   * existing {@code smtpd_recipient_restrictions} after {@code reject_unauth_destination}.
   */
  private static String postfixLines(Map<ListZone, String> z) {
    return String.join(
        "\n",
        "    # allow lists first: an allowed client or domain skips the block lists",
        "    permit_dnswl_client " + z.get(ListZone.WL) + ",",
        "    permit_rhswl_client " + z.get(ListZone.DWL) + ",",
        "    reject_rbl_client " + z.get(ListZone.BL) + ",",
        "    reject_rhsbl_client " + z.get(ListZone.DBL) + ",",
        "    reject_rhsbl_reverse_client " + z.get(ListZone.DBL) + ",",
        "    reject_rhsbl_helo " + z.get(ListZone.DBL) + ",",
        "    reject_rhsbl_sender " + z.get(ListZone.DBL) + ",");
  }

  private static String postfix(Map<ListZone, String> z) {
    return String.join(
        "\n",
        "# /etc/postfix/main.cf",
        "smtpd_recipient_restrictions =",
        "    permit_mynetworks,",
        "    permit_sasl_authenticated,",
        "    reject_unauth_destination,",
        postfixLines(z),
        "    permit");
  }

  /**
   * postscreen's DNS list settings, as deploy/postfix.md explains them: a block listing weighs 3,
   * enough alone at threshold 3; an allow listing subtracts 5, and at -1 or less the client skips
   * the remaining tests. Address lists only: postscreen never sees domains.
   */
  private static String postscreen(Map<ListZone, String> z, String blockZone) {
    return String.join(
        "\n",
        "# /etc/postfix/main.cf (postscreen enabled in master.cf). Keep other lists you use in",
        "# postscreen_dnsbl_sites, with their own weights.",
        "postscreen_dnsbl_sites =",
        "    " + z.get(ListZone.BL) + "*3,",
        "    " + z.get(ListZone.WL) + "*-5",
        "postscreen_dnsbl_threshold = 3",
        "postscreen_dnsbl_allowlist_threshold = -1",
        "postscreen_dnsbl_action = enforce",
        "postscreen_dnsbl_reply_map = texthash:/etc/postfix/dnsbl_reply",
        "",
        "# /etc/postfix/dnsbl_reply: what a rejected client is told instead of the zone's name",
        "# (the key is the zone alone, without =filter or *weight)",
        blockZone + "  your mail server's block list");
  }

  private static String replyMaps(Map<ListZone, String> z) {
    return String.join(
        "\n",
        "# /etc/postfix/main.cf",
        "rbl_reply_maps = texthash:/etc/postfix/rbl_reply",
        "",
        "# /etc/postfix/rbl_reply (the TXT of the entry arrives as $rbl_reason). The key is the",
        "# list exactly as written in the restriction, =filter included, or Postfix ignores it.",
        z.get(ListZone.BL)
            + "  $rbl_code 5.7.1 Service unavailable; $rbl_class [$rbl_what] blocked"
            + "${rbl_reason?: $rbl_reason}",
        z.get(ListZone.DBL)
            + "  $rbl_code 5.7.1 Service unavailable; $rbl_class [$rbl_what] blocked"
            + "${rbl_reason?: $rbl_reason}");
  }

  private String unbound() {
    DnsServer running = server.getIfAvailable();
    int port = running != null && running.isRunning() ? running.port() : settings.port();
    return unbound(settings.baseZone(), settings.address(), port);
  }

  /** unbound's configuration forwarding the base zone to Palisade at this address and port. */
  static String unbound(String base, String listenAddress, int port) {
    String address = listenAddress;
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
