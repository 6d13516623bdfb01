package dev.palisade.listing;

import dev.palisade.dnsbl.DecisionRule;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.InvalidEntryException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored values that would cover a queried address, network or name without starting with it:
 * the networks containing {@code 192.0.2.7} ({@code 192.0.2.0/24}, {@code 192.0.0.0/16}, ...), the
 * patterns of a name's parents ({@code .example.com}, {@code *.example.com} for {@code
 * mail.example.com}). Found by exact value on the value index, so at most a few hundred values,
 * whatever the size of the store. Stateless.
 */
final class CoveringValues {

  private CoveringValues() {}

  /** The covering values, in canonical form; empty when the query is no entry value. */
  static List<String> of(String query) {
    if (query == null || query.isBlank()) {
      return List.of();
    }
    EntryValue asked;
    try {
      asked = EntryValue.parse(query.strip());
    } catch (InvalidEntryException e) {
      return List.of();
    }
    String prefix = asked.canonical();
    List<String> candidates = new ArrayList<>();
    if (asked instanceof EntryValue.DomainPattern d) {
      EntryValue name = new EntryValue.DomainPattern(d.name(), EntryValue.DomainMatch.EXACT);
      candidates.addAll(Candidates.of(name));
      candidates.add("*." + d.name());
    } else {
      // Candidates of a network's first address; those longer than the network lie inside it.
      int length = DecisionRule.specificity(asked);
      List<String> all = Candidates.of(asked);
      candidates.addAll(all.subList(0, Math.min(all.size(), length + 1)));
    }
    candidates.removeIf(value -> value.startsWith(prefix));
    return candidates;
  }
}
