package dev.palisade.index;

import dev.palisade.dnsbl.Networks;
import dev.palisade.dnsbl.ValueType;

/**
 * One scope as DNS sees it at one moment: its own entries and, for a mail server scope, its
 * account's entries. Immutable; safe for any number of threads.
 */
public interface ZoneView {

  /** The scope's DNS label, lower-case. */
  String label();

  /** The zone serial: for a server scope the higher of its own and its account's serial. */
  long serial();

  /**
   * The networks allowed to query the zone: the scope's own query ACL, or for a mail server its
   * account's; null when neither has one, and the DNS server's default applies. Built with the
   * view, so a zone without an ACL costs its queries one null check.
   */
  default Networks allowQuery() {
    return null;
  }

  /** The winning entry for an IPv4 address, or null when no entry matches. */
  Verdict ip4(int address);

  /** The winning entry for an IPv6 address given as two 64-bit halves, or null. */
  Verdict ip6(long high, long low);

  /** The winning entry for a domain name (lower-case A-labels, no trailing dot), or null. */
  Verdict domain(String name);

  /**
   * The winning entry among those no longer than {@code longest} bits that contain the address, or
   * null: what answers for the addresses of the {@code /longest} network around it that no longer
   * entry covers. The decision rule is the same as {@link #ip4(int)}'s.
   */
  Verdict ip4Within(int address, int longest);

  /** Like {@link #ip4Within}, for an IPv6 address given as two 64-bit halves. */
  Verdict ip6Within(long high, long low, int longest);

  /**
   * The winning entry for the names strictly below {@code name} that no entry names itself or below
   * (matched by a {@code .name} or {@code *.name} pattern, or one of an ancestor), or null.
   */
  Verdict domainBelow(String name);

  /**
   * Hands the answer of every entry of one type to the sinks, in no particular order: the scope's
   * own entries to {@code own}, a mail server's account's entries to {@code account}. An entry
   * listed as both block and allow gives both answers. Not for the DNS path: it walks every table.
   */
  void forEachAnswer(ValueType type, AnswerSink own, AnswerSink account);

  /**
   * Whether some domain entry covers names strictly below {@code name} (an entry named below it, or
   * a {@code *.name} / {@code .name} pattern), so that the name is at least an empty non-terminal
   * (RFC 8020).
   */
  boolean hasDomainsBelow(String name);

  /**
   * As {@link #hasDomainsBelow(String)}, for a name the caller is still holding in a {@link
   * StringBuilder}: the DNS server's, which then need not make a {@code String} of every name it is
   * asked. Implementations should not allocate.
   */
  default boolean hasDomainsBelow(CharSequence name) {
    return hasDomainsBelow(name.toString());
  }

  /**
   * Like {@link #ip4(int)}, but writes the winner into {@code out} instead of returning a new
   * verdict; returns whether an entry matched. Implementations should not allocate.
   */
  default boolean ip4(int address, VerdictSlot out) {
    return out.fill(ip4(address));
  }

  /**
   * Like {@link #ip6(long, long)}, writing the winner into {@code out}; see {@link #ip4(int,
   * VerdictSlot)}.
   */
  default boolean ip6(long high, long low, VerdictSlot out) {
    return out.fill(ip6(high, low));
  }

  /**
   * Like {@link #domain(String)}, writing the winner into {@code out}; see {@link #ip4(int,
   * VerdictSlot)}.
   */
  default boolean domain(CharSequence name, VerdictSlot out) {
    return out.fill(domain(name.toString()));
  }
}
