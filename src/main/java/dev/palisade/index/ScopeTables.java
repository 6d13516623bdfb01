package dev.palisade.index;

import dev.palisade.dnsbl.ValueType;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The published lookup tables of one scope at one moment. Immutable; safe for any number of reader
 * threads.
 */
record ScopeTables(Ip4Table ip4, Ip6Table ip6, DomainTable domains) {

  static final ScopeTables EMPTY =
      new ScopeTables(Ip4Table.EMPTY, Ip6Table.EMPTY, DomainTable.EMPTY);

  /** Saves the tables' arrays; {@link ScopeState#readFrom} reads them back. */
  void writeTo(DataOutputStream out) throws IOException {
    ip4.writeTo(out);
    ip6.writeTo(out);
    domains.writeTo(out);
  }

  /** Hands every answer of the scope to the sink: one per active entry. */
  void forEachAnswer(AnswerSink sink) {
    ip4.forEachAnswer(sink);
    ip6.forEachAnswer(sink);
    domains.forEachAnswer(sink);
  }

  /** Hands every answer of one type of value to the sink. */
  void forEachAnswer(ValueType type, AnswerSink sink) {
    switch (type) {
      case IPV4 -> ip4.forEachAnswer(sink);
      case IPV6 -> ip6.forEachAnswer(sink);
      case DOMAIN -> domains.forEachAnswer(sink);
    }
  }
}
