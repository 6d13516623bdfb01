package dev.palisade.index;

import dev.palisade.dnsbl.EntryValue.DomainMatch;
import dev.palisade.dnsbl.ListKind;

/**
 * Receives a scope's answers one at a time, each the answer of one active entry: what a scope's
 * tables are built from ({@link ScopeState}) and what {@link IndexFile} saves of them, so a table
 * replayed from a file is built exactly as it was built from the database. {@link
 * ZoneView#forEachAnswer} hands a zone's answers to one, and {@link ZoneViewBuilder} builds a view
 * from them.
 */
public interface AnswerSink {

  /** The answer of {@code kind} for an IPv4 network (host bits clear). */
  void ip4(int network, int length, ListKind kind, int code, String reason);

  /** The answer of {@code kind} for an IPv6 network (host bits clear). */
  void ip6(long high, long low, int length, ListKind kind, int code, String reason);

  /** The answer of {@code kind} for a domain pattern. */
  void domain(String name, DomainMatch match, ListKind kind, int code, String reason);
}
