package dev.palisade.imports;

import dev.palisade.listing.EntryDraft;
import dev.palisade.zonefile.DecodedText;
import dev.palisade.zonefile.TextLines;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the inputs of an import into drafts, without storing anything: each input's bytes are
 * decoded ({@link TextLines}: plain or gzip-compressed UTF-8), read by the {@link DraftReader} of
 * the spec's format, and every bad line of every input is collected. The spec's {@link
 * ImportLimits} are counted while reading ({@link ImportBudget}): past a limit of size, lines or
 * entries the reading stops with an {@link ImportLimitException}; past the limit of bad lines it
 * stops with the bad lines so far as the result. Plain Java; {@link Imports} adds the storing.
 * Stateless; thread-safe.
 */
public final class ImportReader {

  private ImportReader() {}

  /**
   * Reads every input to its end, or to the limit of bad lines of the spec.
   *
   * @param now the time expiries must be after
   * @throws ImportLimitException when the inputs are larger than the spec's limits allow
   * @throws UnreadableImportException when an input starts as gzip but cannot be inflated
   * @throws IOException if an input cannot be read at all (a bad line is not such a failure)
   */
  public static ReadImport read(ImportSpec spec, List<ImportSource> sources, Instant now)
      throws IOException {
    ImportInputs inputs = new ImportInputs(spec.limits());
    List<EntryDraft> drafts = new ArrayList<>();
    for (ImportSource source : sources) {
      boolean more =
          inputs.read(
              source.name(),
              input -> {
                try (InputStream in = source.open()) {
                  inputs.drafts(spec, input, in, now, drafts::add);
                }
              });
      if (!more) {
        break;
      }
    }
    return inputs.result(drafts);
  }

  /**
   * The whole text of one input, decoded as {@link #read} decodes it and within the same limits of
   * size and lines, for showing it in a form ({@link DecodedText}).
   *
   * @param maxChars most characters the text may have, whatever the limits
   * @throws ImportLimitException when the input is larger than the limits allow
   * @throws UnreadableImportException when the input starts as gzip but cannot be inflated
   * @throws IllegalArgumentException naming a line that is not UTF-8 text, or saying that the text
   *     is longer than {@code maxChars}
   * @throws IOException if the input cannot be read at all
   */
  public static String text(ImportSource source, ImportLimits limits, int maxChars)
      throws IOException {
    ImportBudget budget = new ImportBudget(limits);
    try (InputStream in = source.open()) {
      return DecodedText.read(budget.lines(source.name(), in), maxChars);
    } catch (TextLines.BadGzipException e) {
      throw new UnreadableImportException(source.name(), e.getMessage(), e);
    }
  }
}
