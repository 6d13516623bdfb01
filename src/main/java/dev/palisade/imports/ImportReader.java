package dev.palisade.imports;

import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.TextLines;
import dev.palisade.zonefile.ZoneFileDirectives;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the inputs of an import into drafts, without storing anything: each input's bytes are
 * decoded ({@link TextLines}: plain or gzip-compressed UTF-8), read by the {@link DraftReader} of
 * the spec's format, and every bad line of every input is collected. Plain Java; {@link Imports}
 * adds the storing. Stateless; thread-safe.
 */
public final class ImportReader {

  private ImportReader() {}

  /**
   * Reads every input to its end.
   *
   * @param now the time expiries must be after
   * @throws IOException if an input cannot be read at all (a bad line is not such a failure)
   */
  public static ReadImport read(ImportSpec spec, List<ImportSource> sources, Instant now)
      throws IOException {
    List<String> names = new ArrayList<>();
    List<EntryDraft> drafts = new ArrayList<>();
    List<ZoneFileException> failures = new ArrayList<>();
    List<ZoneFileIssue> warnings = new ArrayList<>();
    List<ZoneFileDirectives> directives = new ArrayList<>();
    int warningCount = 0;
    for (ImportSource source : sources) {
      String name = source.name();
      names.add(name);
      IssueCollector errors = new IssueCollector(name);
      IssueCollector cautions = new IssueCollector(name);
      try (InputStream in = source.open()) {
        DraftReader reader = DraftReader.open(spec, name, TextLines.of(in), errors, cautions, now);
        for (LineDraft draft = reader.next(); draft != null; draft = reader.next()) {
          drafts.add(draft.draft());
        }
        directives.add(reader.directives());
      }
      if (errors.count() > 0) {
        failures.add(errors.toException());
      }
      warnings.addAll(cautions.reported());
      warningCount += cautions.count();
    }
    if (drafts.size() > spec.maxEntries()) {
      String name = sources.size() == 1 ? sources.get(0).name() : "import";
      String message =
          drafts.size() + " entries; at most " + spec.maxEntries() + " can be added at once";
      failures.add(
          new ZoneFileException(name, List.of(new ZoneFileIssue(name, 0, "", message)), 1));
    }
    return new ReadImport(names, drafts, failures, warnings, warningCount, directives);
  }
}
