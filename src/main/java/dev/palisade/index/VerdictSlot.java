package dev.palisade.index;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;

/**
 * A reusable holder of a lookup's winner: its kind, return code and reason template (and, for
 * callers that attribute answers to entries, which entry it is), filled by the allocation-free
 * lookups of {@link ZoneView} for callers that answer many lookups per second and must not create a
 * {@link Verdict} (and its matched value) for each. Holds the last winner filled in; its content is
 * meaningful only after a lookup that returned true.
 *
 * <p>Not thread-safe: each thread keeps its own. The reason is the index's own interned string, so
 * callers may cache work keyed on its identity.
 */
public final class VerdictSlot {

  private static final EntryValue.DomainMatch[] MATCHES = EntryValue.DomainMatch.values();

  private ListKind kind;
  private int returnCode;
  private String reason;
  private int matchedLength;
  private int prefixLength;
  private int domainMatch;
  private boolean serverEntry;

  /** Block, allow or exclude (an exclusion lists in no zone). */
  public ListKind kind() {
    return kind;
  }

  /** The A record to answer, in 127.0.0.0/8. */
  public int returnCode() {
    return returnCode;
  }

  /** The TXT template ({@code $} = the queried address or the matched name), or null for none. */
  public String reason() {
    return reason;
  }

  /**
   * After a domain lookup: the length of the winning pattern's name, which is a suffix of the
   * looked-up name ({@code example.com} for {@code a.example.com} matched by {@code .example.com}).
   * TXT templates put that name in for {@code $}, as rbldnsd does. 0 after an address lookup.
   */
  public int matchedLength() {
    return matchedLength;
  }

  /**
   * After an address lookup: the prefix length of the winning network (32 or 128 for a single
   * address), which with the looked-up address names the winning entry. 0 after a domain lookup.
   */
  public int prefixLength() {
    return prefixLength;
  }

  /**
   * After a domain lookup: how the winning pattern of {@link #matchedLength()} characters matches,
   * which with the looked-up name names the winning entry.
   */
  public EntryValue.DomainMatch domainMatch() {
    return MATCHES[domainMatch];
  }

  /** Whether the winner belongs to the mail server scope looked up rather than its account. */
  public boolean serverEntry() {
    return serverEntry;
  }

  void set(ListKind kind, int returnCode, String reason) {
    this.kind = kind;
    this.returnCode = returnCode;
    this.reason = reason;
    this.matchedLength = 0;
    this.prefixLength = 0;
    this.domainMatch = 0;
  }

  void matchedLength(int length) {
    this.matchedLength = length;
  }

  void prefixLength(int length) {
    this.prefixLength = length;
  }

  /** The index of a {@link EntryValue.DomainMatch}, as {@link DomainTable} packs it. */
  void domainMatch(int match) {
    this.domainMatch = match;
  }

  void serverEntry(boolean serverEntry) {
    this.serverEntry = serverEntry;
  }

  /** Copies a verdict in; returns false, leaving the slot as it was, when there is none. */
  boolean fill(Verdict verdict) {
    if (verdict == null) {
      return false;
    }
    set(verdict.kind(), verdict.returnCode(), verdict.reason());
    serverEntry = verdict.serverEntry();
    if (verdict.matched() instanceof EntryValue.DomainPattern pattern) {
      matchedLength = pattern.name().length();
      domainMatch = pattern.match().ordinal();
    } else if (verdict.matched() instanceof EntryValue.Ip4Network network) {
      prefixLength = network.prefixLength();
    } else if (verdict.matched() instanceof EntryValue.Ip6Network network) {
      prefixLength = network.prefixLength();
    }
    return true;
  }
}
