/**
 * The one import pipeline: block and allow lists read from pasted text, an upload, a request body
 * or files — plain or gzip-compressed UTF-8 — in one of the {@link
 * dev.palisade.imports.ImportFormat}s ({@code lines}, {@code csv}, and rbldnsd's {@code ip4set},
 * {@code ip4trie}, {@code ip6trie}, {@code ip6tset}, {@code dnset}, {@code combined}), turned into
 * entry drafts with every bad line reported by number, and stored through {@link
 * dev.palisade.listing.Listings#upsert} as one change only when no line is bad. The web UI's bulk
 * page, the REST API's {@code /import} and the command line all call {@link
 * dev.palisade.imports.Imports}, and so accept the same formats; {@link
 * dev.palisade.imports.DraftFields} holds the rules of one draft that the REST API's JSON entries
 * share. The sample lists of a first start come in through the same reader. Imports through the UI
 * and the API are read within {@link dev.palisade.imports.ImportLimits} ({@code
 * palisade.imports.*}, counted while reading by one {@code ImportBudget}); the command line's
 * within none.
 *
 * <p>rbldnsd's syntax itself is {@code dev.palisade.zonefile}'s, and so is the decoding of input
 * bytes ({@link dev.palisade.zonefile.TextLines}); this package adds the plain formats, the checks
 * of a draft and the storing.
 */
package dev.palisade.imports;
