package dev.palisade.listing;

/**
 * What undoing an audited change did ({@link Listings#undo}).
 *
 * @param entries how many entries were put back
 * @param movedBackTo for the undo of a move, where the entries went back to ("the block list of
 *     acme", or "the lists of acme/mx1 they came from" when they left several); null otherwise
 */
public record Undone(int entries, String movedBackTo) {}
