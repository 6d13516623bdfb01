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
import java.util.function.Consumer;

/**
 * The inputs of one read of an import, one after the other, each ended as every import ends it: the
 * stop at the limit of bad lines is caught (the bad lines are in the input's collector), gzip that
 * cannot be inflated is an {@link UnreadableImportException}, the input's bad lines, warnings and
 * directives are gathered into the {@link ReadImport}, and no input is read after one that reached
 * the limit of bad lines. {@link ImportReader} and {@link ImportStream} read through it; the spec's
 * limits are counted in its {@link ImportBudget}. Not thread-safe: one per read.
 */
final class ImportInputs {

  private final ImportBudget budget;
  private final List<String> names = new ArrayList<>();
  private final List<ZoneFileException> failures = new ArrayList<>();
  private final List<ZoneFileIssue> warnings = new ArrayList<>();
  private final List<ZoneFileDirectives> directives = new ArrayList<>();
  private int warningCount;

  ImportInputs(ImportLimits limits) {
    this.budget = new ImportBudget(limits);
  }

  /** What the inputs are counted against. */
  ImportBudget budget() {
    return budget;
  }

  /** One input while it is read: where its bad lines and warnings go, what it declares. */
  static final class Input {
    private final String name;
    private final IssueCollector errors;
    private final IssueCollector cautions;
    private ZoneFileDirectives declared = ZoneFileDirectives.NONE;

    private Input(String name, IssueCollector errors) {
      this.name = name;
      this.errors = errors;
      this.cautions = new IssueCollector(name);
    }

    String name() {
      return name;
    }

    /** The input's bad lines, up to the spec's limit, where reading stops. */
    IssueCollector errors() {
      return errors;
    }

    /** The input's warnings. */
    IssueCollector cautions() {
      return cautions;
    }

    /** The input's {@code $SOA}, {@code $NS} and {@code $TTL}, kept even when reading stops. */
    void declare(ZoneFileDirectives directives) {
      this.declared = directives;
    }
  }

  /** Reads one input into an {@link Input}. */
  @FunctionalInterface
  interface InputRead {
    void read(Input input) throws IOException;
  }

  /**
   * Reads one input and ends it.
   *
   * @return whether the inputs after it are to be read: false once an input reached the limit of
   *     bad lines
   * @throws UnreadableImportException when the input starts as gzip but cannot be inflated
   * @throws ZoneFileException when {@code read} throws one that is not the collector's stop
   */
  boolean read(String name, InputRead read) throws IOException {
    Input input = new Input(name, budget.errors(name));
    names.add(name);
    try {
      read.read(input);
    } catch (ZoneFileException e) {
      if (input.errors.stoppedAt() == 0) {
        throw e; // not the collector's stop, which is kept in it and reported below
      }
    } catch (TextLines.BadGzipException e) {
      throw new UnreadableImportException(name, e.getMessage(), e);
    }
    directives.add(input.declared);
    if (input.errors.count() > 0) {
      failures.add(input.errors.toException());
    }
    warnings.addAll(input.cautions.reported());
    warningCount += input.cautions.count();
    return input.errors.stoppedAt() == 0; // too many bad lines: what follows is not read
  }

  /**
   * Reads the drafts of an input in a format read line by line ({@link DraftReader}), handing each
   * to {@code sink} as it is read, and its directives to the input.
   */
  void drafts(ImportSpec spec, Input input, InputStream in, Instant now, Consumer<EntryDraft> sink)
      throws IOException {
    DraftReader reader =
        DraftReader.open(
            spec,
            input.name(),
            budget.lines(input.name(), in),
            input.errors(),
            input.cautions(),
            budget,
            now);
    for (LineDraft draft = reader.next(); draft != null; draft = reader.next()) {
      budget.entry();
      sink.accept(draft.draft());
    }
    input.declare(reader.directives());
  }

  /** The inputs read so far, with these drafts. */
  ReadImport result(List<EntryDraft> drafts) {
    return new ReadImport(names, drafts, failures, warnings, warningCount, directives);
  }
}
