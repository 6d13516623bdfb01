package dev.palisade.listing;

/** {@link EntryReferencesContract} on the embedded H2 database, where foreign keys keep it. */
class EntryReferencesIT extends EntryReferencesContract {}
