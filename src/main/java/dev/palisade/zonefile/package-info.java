/**
 * rbldnsd's data file formats: reading a data file into entries ({@link
 * dev.palisade.zonefile.ZoneFileParser}), writing what a zone answers as one ({@link
 * dev.palisade.zonefile.ZoneFileExport}), and the manifest of the shipped sample files. {@link
 * dev.palisade.zonefile.TextLines} decodes input bytes (plain or gzip-compressed UTF-8, line by
 * line) for every reader of lists, rbldnsd's or not, and {@link dev.palisade.zonefile.DecodedText}
 * decodes an upload the same way into one text for a form. Storing what was read is the import
 * pipeline's, in {@code dev.palisade.imports}.
 */
package dev.palisade.zonefile;
