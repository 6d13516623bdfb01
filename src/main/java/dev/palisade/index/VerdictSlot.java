package dev.palisade.index;

import dev.palisade.listing.ListKind;

/**
 * A reusable holder of a lookup's winner: its kind, return code and reason template, filled by the
 * allocation-free lookups of {@link ZoneView} for callers that answer many lookups per second and
 * must not create a {@link Verdict} (and its matched value) for each. Holds the last winner filled
 * in; its content is meaningful only after a lookup that returned true.
 *
 * <p>Not thread-safe: each thread keeps its own. The reason is the index's own interned string, so
 * callers may cache work keyed on its identity.
 */
public final class VerdictSlot {

  private ListKind kind;
  private int returnCode;
  private String reason;
  private int matchedLength;

  /** Block or allow. */
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

  void set(ListKind kind, int returnCode, String reason) {
    this.kind = kind;
    this.returnCode = returnCode;
    this.reason = reason;
    this.matchedLength = 0;
  }

  void matchedLength(int length) {
    this.matchedLength = length;
  }

  /** Copies a verdict in; returns false, leaving the slot as it was, when there is none. */
  boolean fill(Verdict verdict) {
    if (verdict == null) {
      return false;
    }
    set(verdict.kind(), verdict.returnCode(), verdict.reason());
    if (verdict.matched() instanceof dev.palisade.listing.EntryValue.DomainPattern pattern) {
      matchedLength = pattern.name().length();
    }
    return true;
  }
}
