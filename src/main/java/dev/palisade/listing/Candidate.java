package dev.palisade.listing;

import dev.palisade.dnsbl.DecisionRule;

/**
 * An active entry that matches a looked-up address or name, with what the decision rule weighs.
 *
 * @param entry the entry
 * @param specificity how specific its match is ({@link DecisionRule#specificity}): the prefix
 *     length for addresses; for names twice the matched name's labels, plus one for an exact entry
 * @param serverEntry whether it belongs to the mail server rather than its account
 */
public record Candidate(Entry entry, int specificity, boolean serverEntry) {

  /** The entry as a candidate, of the mail server asked about or of its account. */
  static Candidate of(Entry entry, boolean serverEntry) {
    return new Candidate(entry, DecisionRule.specificity(entry.parsedValue()), serverEntry);
  }

  /** What {@link DecisionRule} ranks candidates by. */
  DecisionRule.Match match() {
    return new DecisionRule.Match(entry.parsedValue(), serverEntry, entry.getKind());
  }
}
