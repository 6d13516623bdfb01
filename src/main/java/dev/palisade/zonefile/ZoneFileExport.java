package dev.palisade.zonefile;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeDetails;
import dev.palisade.dns.DnsSettings;
import dev.palisade.dnsbl.DecisionRule;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.EntryValue.DomainPattern;
import dev.palisade.dnsbl.EntryValue.Ip4Network;
import dev.palisade.dnsbl.EntryValue.Ip6Network;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ListZone;
import dev.palisade.dnsbl.ReturnCode;
import dev.palisade.dnsbl.TestPoints;
import dev.palisade.listing.ActiveEntries;
import dev.palisade.listing.ActiveEntry;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Writes what one zone of a scope answers as an rbldnsd data file, so that rbldnsd mirrors (fed by
 * rsync) answer A and TXT as Palisade does. Thread-safe.
 *
 * <p>The file holds the zone's effective answers, not the stored entries: for a mail server the
 * account's entries are merged in, and Palisade's decision rule (longest prefix, then server before
 * account, then allow before exclude before block) is applied first. What the zone lists becomes a
 * line with its full A value and TXT (the list's default text written out); an exclusion, or an
 * allow entry inside a blocked range (in a {@code list=block} export; the other way round for
 * {@code allow}), becomes a {@code !} exclusion. The RFC 5782 test points Palisade always answers
 * are written first.
 *
 * <p>{@code ip4trie} and {@code ip6trie} compare longest prefixes as Palisade does. {@code ip4set}
 * compares at octet boundaries (/8, /16, /24, /32), and answers every value stored at the first
 * boundary that has one, so the export splits each network at the next boundary and keeps only the
 * most specific entry there. {@code dnset} answers as Palisade does.
 */
@Service
public class ZoneFileExport {

  private final Accounts accounts;
  private final ActiveEntries activeEntries;
  private final DnsSettings dns;
  private final Clock clock;

  ZoneFileExport(Accounts accounts, ActiveEntries activeEntries, DnsSettings dns, Clock clock) {
    this.accounts = accounts;
    this.activeEntries = activeEntries;
    this.dns = dns;
    this.clock = clock;
  }

  /**
   * Writes the zone of a scope that {@code list} and {@code format} name: {@code block} with {@code
   * ip4set}, {@code ip4trie} or {@code ip6trie} is the scope's {@code bl} zone (its IPv4 or IPv6
   * half), with {@code dnset} its {@code dbl} zone; {@code allow} the {@code wl} and {@code dwl}
   * zones. Does not close the writer.
   *
   * @throws dev.palisade.common.NotFoundException if the scope does not exist
   */
  public void export(long scopeId, ListKind list, ZoneFileFormat format, Writer out)
      throws IOException {
    if (!list.listed()) {
      throw new IllegalArgumentException("exclusions have no zone; export block or allow");
    }
    if (!format.exportable()) {
      throw new IllegalArgumentException(
          format + " is an import format; export as " + ZoneFileFormat.exportNames());
    }
    ScopeDetails scope = accounts.describe(scopeId);
    Long accountScope =
        scope.serverId() == null ? null : accounts.accountScope(scope.accountId()).id();
    Instant now = clock.instant();
    List<Ranked> entries = new ArrayList<>();
    activeEntries.forEach(
        scopeId,
        accountScope,
        now,
        entry -> {
          if (matchesFormat(entry.value(), format)) {
            entries.add(new Ranked(entry, entry.scopeId() == scopeId && accountScope != null));
          }
        });
    String zone = zoneName(scope.label(), list, format);
    out.write(
        "# "
            + format
            + " data for "
            + zone
            + " ("
            + scope.displayName()
            + ", "
            + list.listName()
            + " list), exported by Palisade at "
            + now
            + "\n");
    out.write(
        "# What Palisade answered at that moment; rbldnsd serving this file answers the same"
            + " A and TXT.\n");
    directives(out);
    ExportWriter writer = new ExportWriter(out, list, defaultText(list));
    switch (format) {
      case IP4SET -> writer.ip4set(entries);
      case IP4TRIE -> writer.ip4trie(entries);
      case IP6TRIE -> writer.ip6trie(entries);
      case DNSET -> writer.dnset(entries);
      case IP6TSET, COMBINED -> throw new IllegalStateException("checked above");
    }
  }

  /** The {@code $SOA}, {@code $NS} and {@code $TTL} lines of Palisade's zones. */
  void directives(Writer out) throws IOException {
    out.write(
        "$SOA "
            + dns.soa().ttl()
            + " "
            + dns.nameServers().get(0)
            + " "
            + dns.soa().hostmaster().replace('@', '.')
            + " 0 "
            + dns.soa().refresh()
            + " "
            + dns.soa().retry()
            + " "
            + dns.soa().expire()
            + " "
            + dns.soa().minimum()
            + "\n");
    out.write("$NS " + dns.nsTtl() + " " + String.join(" ", dns.nameServers()) + "\n");
    out.write("$TTL " + dns.ttl() + "\n");
  }

  /** The text a list answers in TXT where an entry has no reason. */
  String defaultText(ListKind list) {
    return list == ListKind.BLOCK ? dns.blockTxt() : dns.allowTxt();
  }

  /** Whether a value goes in a file of this format (a test point's value does not). */
  static boolean inFormat(EntryValue value, ZoneFileFormat format) {
    return matchesFormat(value, format);
  }

  /** The zone a list and format name for a scope label, e.g. {@code acme.bl.rbl.example.net}. */
  public String zoneName(String label, ListKind list, ZoneFileFormat format) {
    ListZone zone = ListZone.of(list, format != ZoneFileFormat.DNSET);
    return label + "." + zone.label() + "." + dns.baseZone();
  }

  private static boolean matchesFormat(EntryValue value, ZoneFileFormat format) {
    return switch (format) {
      case IP4SET, IP4TRIE -> value instanceof Ip4Network && !TestPoints.shadows(value);
      case IP6TRIE -> value instanceof Ip6Network && !TestPoints.shadows(value);
      case DNSET -> value instanceof DomainPattern && !TestPoints.shadows(value);
      case IP6TSET, COMBINED -> false;
    };
  }

  /** An active entry and whether it belongs to the exported mail server (not its account). */
  record Ranked(ActiveEntry entry, boolean serverEntry) {

    /** The decision rule's order, so the file answers what DNS answers. */
    private static final Comparator<Ranked> BEST_FIRST = DecisionRule.bestFirst(Ranked::match);

    DecisionRule.Match match() {
      return new DecisionRule.Match(entry.value(), serverEntry, entry.kind());
    }

    /**
     * Of two entries that match the same queries, the one that decides ({@link DecisionRule}): the
     * server's before the account's, then allow before exclude before block, then {@code *.name}
     * before {@code .name}; {@code a} when they tie. {@code a} may be null.
     */
    static Ranked better(Ranked a, Ranked b) {
      return a == null || BEST_FIRST.compare(b, a) < 0 ? b : a;
    }
  }

  static String returnCode(int code) {
    return ReturnCode.format(code);
  }
}
