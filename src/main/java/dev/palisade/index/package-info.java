/**
 * In-memory lookup structures answering "is X listed for scope S?", and {@link
 * dev.palisade.index.LiveIndex}, which applies committed changes by publishing a new snapshot.
 * Plain Java: no Spring, no JPA.
 */
package dev.palisade.index;
