package dev.palisade.web;

import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReturnCode;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * Configuration for the other common mail filters that ask a scope's zones — SpamAssassin, rspamd,
 * Exim — each letting through exactly the return codes the zone may answer with, as the Postfix
 * lines do ({@link ZoneSnippets#filter}): the whole of 127.0.0.2 to 127.0.0.255 while every code in
 * use lies there, else each code in use. Stateless; thread-safe. Each snippet is checked by its own
 * tool in {@code FilterSnippetsToolsIT}.
 */
final class FilterSnippets {

  /** A zone's name and the return codes it may answer with. */
  record Zone(String name, SortedSet<Integer> codes) {}

  private FilterSnippets() {}

  /** SpamAssassin rules for a site config file: the relay's address and the sender's domain. */
  static String spamAssassin(Map<ListZone, Zone> z) {
    // Rule names show in X-Spam-Status headers of every mail: never the zone label, which may be
    // a secret.
    String rule = "PALISADE";
    return String.join(
        "\n",
        "# /etc/spamassassin/palisade.cf — then: spamassassin --lint && systemctl reload spamd",
        "# The relay that handed the mail to your servers, on the allow and block lists:",
        "header   "
            + rule
            + "_WL  eval:check_rbl('"
            + set("wl")
            + "', '"
            + dot(z.get(ListZone.WL))
            + "', '"
            + regex(z.get(ListZone.WL).codes())
            + "')",
        "describe " + rule + "_WL  Relay on the Palisade allow list",
        "tflags   " + rule + "_WL  net nice",
        "score    " + rule + "_WL  -10.0",
        "header   "
            + rule
            + "_BL  eval:check_rbl('"
            + set("bl")
            + "', '"
            + dot(z.get(ListZone.BL))
            + "', '"
            + regex(z.get(ListZone.BL).codes())
            + "')",
        "describe " + rule + "_BL  Relay on the Palisade block list",
        "tflags   " + rule + "_BL  net",
        "score    " + rule + "_BL  10.0",
        "# The envelope sender's domain on the blocked domains:",
        "header   "
            + rule
            + "_DBL eval:check_rbl_envfrom('"
            + set("dbl")
            + "', '"
            + dot(z.get(ListZone.DBL))
            + "', '"
            + regex(z.get(ListZone.DBL).codes())
            + "')",
        "describe " + rule + "_DBL Sender domain on the Palisade block list",
        "tflags   " + rule + "_DBL net",
        "score    " + rule + "_DBL 10.0",
        "");
  }

  /**
   * rspamd's RBL module (rspamd 3.x): the client's address, and the envelope sender's domain, HELO
   * and reverse name on the blocked domains; the scores in the RBL group.
   */
  static String rspamd(Map<ListZone, Zone> z) {
    String symbol = "PALISADE";
    return String.join(
        "\n",
        "# /etc/rspamd/local.d/rbl.conf — then: rspamadm configtest && systemctl reload rspamd",
        "rbls {",
        "  palisade_wl {",
        "    symbol = \"" + symbol + "_WL\";",
        "    rbl = \"" + z.get(ListZone.WL).name() + "\";",
        "    from = true;",
        "    received = false;",
        "    is_whitelist = true;",
        "    ignore_whitelist = true;",
        "    returncodes {",
        "      " + symbol + "_WL = " + luaPatterns(z.get(ListZone.WL).codes()) + ";",
        "    }",
        "  }",
        "  palisade_bl {",
        "    symbol = \"" + symbol + "_BL\";",
        "    rbl = \"" + z.get(ListZone.BL).name() + "\";",
        "    from = true;",
        "    received = false;",
        "    returncodes {",
        "      " + symbol + "_BL = " + luaPatterns(z.get(ListZone.BL).codes()) + ";",
        "    }",
        "  }",
        "  palisade_dbl {",
        "    symbol = \"" + symbol + "_DBL\";",
        "    rbl = \"" + z.get(ListZone.DBL).name() + "\";",
        "    ignore_defaults = true;",
        "    selector = \"from('smtp'):domain\";",
        "    helo = true;",
        "    rdns = true;",
        "    returncodes {",
        "      " + symbol + "_DBL = " + luaPatterns(z.get(ListZone.DBL).codes()) + ";",
        "    }",
        "  }",
        "}",
        "",
        "# /etc/rspamd/local.d/rbl_group.conf — the scores",
        "symbols = {",
        "  \""
            + symbol
            + "_WL\" { weight = -10.0; description = \"Client on the Palisade allow"
            + " list\"; }",
        "  \""
            + symbol
            + "_BL\" { weight = 10.0; description = \"Client on the Palisade block"
            + " list\"; }",
        "  \""
            + symbol
            + "_DBL\" { weight = 10.0; description = \"Sender domain or client name on"
            + " the Palisade block list\"; }",
        "}",
        "");
  }

  /**
   * rspamd's return codes: Lua patterns, each matched against the whole answer; the usual range as
   * five patterns, since Lua patterns have no alternation.
   */
  static String luaPatterns(SortedSet<Integer> codes) {
    List<String> patterns =
        codes.stream().allMatch(ReturnCode::usual)
            ? List.of(
                "127%.0%.0%.[2-9]",
                "127%.0%.0%.[1-9]%d",
                "127%.0%.0%.1%d%d",
                "127%.0%.0%.2[0-4]%d",
                "127%.0%.0%.25[0-5]")
            : codes.stream().map(code -> ReturnCode.format(code).replace(".", "%.")).toList();
    return patterns.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  /** Exim ACL statements for the RCPT ACL: allow list first, then the block lists. */
  static String exim(Map<ListZone, Zone> z) {
    return String.join(
        "\n",
        "# Exim: in the ACL for RCPT TO (acl_check_rcpt), after the statements that refuse relaying",
        "# and accept your own users, before the final accept:",
        "  accept  dnslists  = " + z.get(ListZone.WL).name(),
        "          condition = " + matchIp(z.get(ListZone.WL).codes()),
        "  deny    message   = Client [$sender_host_address] blocked${if def:dnslist_text"
            + "{: $dnslist_text}}",
        "          dnslists  = " + z.get(ListZone.BL).name(),
        "          condition = " + matchIp(z.get(ListZone.BL).codes()),
        "  deny    message   = Sender domain $sender_address_domain blocked${if def:dnslist_text"
            + "{: $dnslist_text}}",
        "          !senders  = :",
        "          dnslists  = " + z.get(ListZone.DBL).name() + "/$sender_address_domain",
        "          condition = " + matchIp(z.get(ListZone.DBL).codes()),
        "");
  }

  private static String set(String list) {
    return "palisade-" + list;
  }

  private static String dot(Zone zone) {
    return zone.name() + ".";
  }

  /**
   * A Perl-compatible regular expression that matches the answers Postfix's filter lets through:
   * every address from 127.0.0.2 to 127.0.0.255 while the codes are usual, else exactly the codes.
   */
  static String regex(SortedSet<Integer> codes) {
    if (codes.stream().allMatch(ReturnCode::usual)) {
      return "^127\\.0\\.0\\.(?:[2-9]|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])$";
    }
    return codes.stream()
        .map(code -> ReturnCode.format(code).replace(".", "\\."))
        .collect(Collectors.joining("|", "^(?:", ")$"));
  }

  /**
   * An Exim condition that holds when the answer ({@code $dnslist_value}) is one Postfix's filter
   * lets through: a host list, whose first match decides.
   */
  static String matchIp(SortedSet<Integer> codes) {
    String list =
        codes.stream().allMatch(ReturnCode::usual)
            ? "!127.0.0.0/31 : 127.0.0.0/24"
            : codes.stream().map(ReturnCode::format).collect(Collectors.joining(" : "));
    return "${if match_ip{$dnslist_value}{" + list + "}}";
  }
}
