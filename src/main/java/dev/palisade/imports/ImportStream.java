package dev.palisade.imports;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.IssueCollector;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileParser;
import dev.palisade.zonefile.ZoneFileScan;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads the inputs of an import of any size without keeping their entries: each good draft is
 * handed to a consumer as it is read, so memory does not grow with the inputs. An import reads its
 * inputs twice through the same object: first to check every line ({@link #check}, handing the
 * drafts to nobody), then, only when no line is bad, to store them ({@link #drafts}). An rbldnsd
 * input is scanned once before its first read ({@link ZoneFileParser#scan}), since a later line can
 * change earlier entries; the scan is kept for the second read. Repeated values are handed over
 * each time: the store keeps the first one.
 *
 * <p>Not thread-safe: one per import.
 */
final class ImportStream {

  /** How many wide entries a check names; the others are only counted. */
  static final int WIDE_SHOWN = 10;

  private final ImportSpec spec;
  private final List<ImportSource> sources;
  private final Instant now;
  private final Function<EntryValue, String> wide;
  private final Map<Integer, ZoneFileScan> scans = new HashMap<>();

  /**
   * @param wide why a value needs confirming before it is stored, or null when it does not ({@code
   *     listing.EntryGuard#wide}); asked of every draft while checking
   */
  ImportStream(
      ImportSpec spec, List<ImportSource> sources, Instant now, Function<EntryValue, String> wide) {
    this.spec = spec;
    this.sources = List.copyOf(sources);
    this.now = now;
    this.wide = wide;
  }

  ImportSpec spec() {
    return spec;
  }

  /**
   * Reads every input to its end, or to the limit of bad lines, keeping no draft: the result holds
   * none, and counts them in {@link Checked#entries()}; the wide ones are counted too, and the
   * first {@value #WIDE_SHOWN} of them named, so that an import that needs confirming is refused
   * before anything is written.
   *
   * @throws ImportLimitException when the inputs are larger than the spec's limits allow
   * @throws UnreadableImportException when an input starts as gzip but cannot be inflated
   * @throws IOException if an input cannot be read at all
   */
  Checked check() throws IOException {
    long[] entries = {0};
    long[] wideCount = {0};
    boolean[] dated = {false};
    List<String> wideShown = new ArrayList<>();
    InputDigest digest = new InputDigest(spec);
    ReadImport read =
        read(
            draft -> {
              entries[0]++;
              dated[0] |= draft.expiresAt() != null;
              String why = wide.apply(draft.value());
              if (why != null && wideCount[0]++ < WIDE_SHOWN) {
                wideShown.add(why);
              }
            },
            digest);
    return new Checked(
        read, entries[0], List.copyOf(wideShown), wideCount[0], dated[0] ? null : digest.hex());
  }

  /**
   * Reads every input again and hands each good draft to {@code sink}, in input order.
   *
   * @throws ImportException when a line is bad after all (an input changed since {@link #check}),
   *     listing the bad lines, after the drafts before them were handed over
   * @throws UnreadableImportException when an input is gzip that cannot be inflated after all
   * @throws IOException if an input cannot be read
   */
  void drafts(Consumer<EntryDraft> sink) throws IOException {
    read(sink, null).requireGood();
  }

  /**
   * @param digest fed each input's bytes on their first read, or null
   */
  private ReadImport read(Consumer<EntryDraft> sink, InputDigest digest) throws IOException {
    ImportInputs inputs = new ImportInputs(spec.limits());
    ImportBudget budget = inputs.budget();
    for (int i = 0; i < sources.size(); i++) {
      int index = i;
      ImportSource source = sources.get(i);
      boolean more =
          inputs.read(
              source.name(),
              input -> {
                if (spec.format().zoneFileFormat() != null) {
                  // Scanned by an earlier read, the input is read only once in this one.
                  boolean scannedNow = !scans.containsKey(index);
                  ZoneFileScan scan = scan(index, source, budget, input.errors(), digest);
                  if (scan != null) {
                    input.cautions().addAll(scan.warnings(), scan.warningCount());
                    input.declare(scan.directives());
                    stream(source, scan, budget, input.errors(), sink, scannedNow);
                  }
                } else {
                  try (InputStream in = open(source, digest)) {
                    inputs.drafts(spec, input, in, now, sink);
                  }
                }
              });
      if (!more) {
        break;
      }
    }
    return inputs.result(List.of());
  }

  /** The input's scan, made on its first read; null when it has bad lines (now in errors). */
  private ZoneFileScan scan(
      int index,
      ImportSource source,
      ImportBudget budget,
      IssueCollector errors,
      InputDigest digest)
      throws IOException {
    ZoneFileScan scan = scans.get(index);
    if (scan != null) {
      return scan;
    }
    try (InputStream in = open(source, digest)) {
      scan =
          ZoneFileParser.scan(
              source.name(),
              budget.lines(source.name(), in),
              spec.list(),
              spec.format().zoneFileFormat(),
              budget.limits().maxBadLines(),
              budget::parsedEntry);
    } catch (ZoneFileException e) {
      errors.addAll(e);
      return null;
    }
    scans.put(index, scan);
    return scan;
  }

  private static InputStream open(ImportSource source, InputDigest digest) throws IOException {
    InputStream in = source.open();
    return digest == null ? in : digest.reading(in);
  }

  /**
   * The scanned input's entries as drafts; a reason a mail server could not quote is a bad line.
   *
   * @param scannedNow whether this read scanned the input just before: its lines and bytes are then
   *     counted once, not twice ({@link ImportBudget#again})
   */
  private void stream(
      ImportSource source,
      ZoneFileScan scan,
      ImportBudget budget,
      IssueCollector errors,
      Consumer<EntryDraft> sink,
      boolean scannedNow)
      throws IOException {
    try (InputStream in = source.open()) {
      ZoneFileParser.stream(
          source.name(),
          scannedNow ? budget.again(source.name(), in) : budget.lines(source.name(), in),
          spec.list(),
          spec.format().zoneFileFormat(),
          scan,
          entry -> {
            DraftFields fields = new DraftFields();
            EntryDraft draft =
                fields.draft(
                    entry.kind(),
                    entry.value(),
                    entry.returnCode(),
                    entry.reason(),
                    spec.expiresAt());
            if (draft == null) {
              errors.add(entry.line(), entry.value().canonical(), fields.message());
            } else {
              budget.entry();
              sink.accept(draft);
            }
          });
    } catch (ZoneFileException e) {
      if (errors.stoppedAt() > 0) {
        throw e; // the collector's own stop at the limit of bad lines
      }
      errors.addAll(e);
    }
  }

  /**
   * The inputs as checked: every bad line and warning, no draft.
   *
   * @param read what was read, without drafts
   * @param entries how many good drafts the inputs hold, repeated values included
   * @param wide why each of the first wide drafts needs confirming
   * @param wideCount how many drafts are wide
   * @param digest the inputs' {@link InputDigest}, or null when a draft has an expiry (which a
   *     later import of the same inputs may store otherwise, or refuse)
   */
  record Checked(ReadImport read, long entries, List<String> wide, long wideCount, String digest) {}
}
