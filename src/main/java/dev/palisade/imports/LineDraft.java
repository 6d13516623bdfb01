package dev.palisade.imports;

import dev.palisade.listing.EntryDraft;

/**
 * One draft read from an input, with the 1-based line it came from. A range or partial prefix in an
 * rbldnsd file yields several drafts with the same line.
 */
record LineDraft(int line, EntryDraft draft) {}
