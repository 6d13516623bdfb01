package dev.palisade.listing;

/**
 * An active entry that matches a looked-up address or name, with what the decision rule weighs.
 *
 * @param entry the entry
 * @param specificity prefix length for addresses; for names twice the matched name's labels, plus
 *     one for an exact entry
 * @param serverEntry whether it belongs to the mail server rather than its account
 */
public record Candidate(Entry entry, int specificity, boolean serverEntry) {}
