package dev.palisade.imports;

import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import dev.palisade.zonefile.ZoneFileDirectives;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads text to its end through a {@link DraftReader}, keeping what it yields and reports. */
final class ReaderSupport {

  final IssueCollector errors = new IssueCollector("test.txt");
  final IssueCollector warnings = new IssueCollector("test.txt");
  final List<LineDraft> drafts = new ArrayList<>();
  ZoneFileDirectives directives;

  static TextLines lines(String text) throws IOException {
    return TextLines.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  ReaderSupport readAll(DraftReader reader) throws IOException {
    for (LineDraft draft = reader.next(); draft != null; draft = reader.next()) {
      drafts.add(draft);
    }
    return this;
  }
}
