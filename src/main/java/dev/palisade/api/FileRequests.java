package dev.palisade.api;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportException;
import dev.palisade.imports.ImportFormat;
import dev.palisade.zonefile.ZoneFileIssue;
import java.util.ArrayList;
import java.util.List;

/**
 * What the endpoints taking a file as their body ({@code .../import}, the file form of {@code
 * .../entries/bulk}) check the same way: the format and list parameters, a body, and the bad lines
 * of a refused file as a problem's {@code errors}, each with its line. Stateless.
 */
final class FileRequests {

  private FileRequests() {}

  /** The {@code format} parameter, one of the {@link ImportFormat}s. */
  static ImportFormat format(String format) {
    if (format == null || format.isBlank()) {
      throw InvalidRequestException.field(
          "format", "format is missing: expected one of " + ImportFormat.names());
    }
    try {
      return ImportFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.field("format", e.getMessage());
    }
  }

  /** The {@code list} parameter, {@code block} or {@code allow}. */
  static ListKind list(String list) {
    try {
      return EntryRequests.kind(list);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.field("list", e.getMessage());
    }
  }

  /** Refuses an empty body. */
  static byte[] body(byte[] body) {
    if (body == null || body.length == 0) {
      throw InvalidRequestException.field("body", "the body is empty; send the data file");
    }
    return body;
  }

  /** Every bad line of a refused file, by line; a problem of the whole file has no line. */
  static InvalidRequestException badLines(ImportException e) {
    List<InvalidField> fields = new ArrayList<>();
    for (ZoneFileIssue issue : e.errors()) {
      fields.add(
          new InvalidField(
              issue.line() > 0 ? issue.line() : null,
              "body",
              issue.message() + (issue.text().isEmpty() ? "" : " [" + issue.text() + "]")));
    }
    int count = e.errorCount();
    return new InvalidRequestException(
        count + (count == 1 ? " bad line" : " bad lines") + "; nothing was imported", fields);
  }
}
