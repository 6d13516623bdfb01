package dev.palisade.imports;

import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.UpsertResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Service;

/**
 * The one import pipeline, called by the web UI's bulk page, the REST API's {@code /import} and the
 * command line alike: inputs in an {@link ImportFormat} are read into drafts ({@link
 * ImportReader}), every bad line of every input is reported by number, and only when there is none
 * are all drafts stored in the scope through {@link Listings#upsert}, as one change. Entries
 * already in the scope and not in the inputs stay; entries in the inputs are added or updated, so
 * an import can be repeated. The REST API and the web UI read within the configured {@link
 * ImportLimits}, and one at a time ({@link #oneAtATime}), so that the heap an import may take is
 * bounded by the limits whatever arrives at once; the command line reads within none. Thread-safe.
 */
@Service
public class Imports {

  private final Listings listings;
  private final Clock clock;
  private final ImportLimits limits;
  private final ImportCounts counts = new ImportCounts();

  /** Fair, so an import waiting behind others is not overtaken for ever. */
  private final Semaphore running = new Semaphore(1, true);

  Imports(Listings listings, Clock clock, ImportLimits limits) {
    this.listings = listings;
    this.clock = clock;
    this.limits = limits;
  }

  /** Work of one import through the REST API or the web UI: reading, perhaps storing. */
  @FunctionalInterface
  public interface ImportWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} when no other import of the REST API or the web UI runs on this node, waiting
   * for it otherwise: the heap of one import is bounded by {@link ImportLimits}, and so, one at a
   * time, is the heap of all of them. Imports of different scopes are serialised too; they are
   * short next to what they would cost at once.
   *
   * @throws IllegalStateException if the thread is interrupted while it waits (shutting down)
   */
  public <T> T oneAtATime(ImportWork<T> work) throws IOException {
    try {
      running.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another import to finish", e);
    }
    try {
      return work.run();
    } finally {
      running.release();
    }
  }

  /** The configured limits of imports through the REST API and the web UI. */
  public ImportLimits limits() {
    return limits;
  }

  /**
   * The whole text of one input, decoded as every import decodes it and within the configured
   * limits, for showing it in a form to edit before it is imported ({@link ImportReader#text}).
   */
  public String text(ImportSource source, int maxChars) throws IOException {
    return ImportReader.text(source, limits, maxChars);
  }

  /** How many imports were stored and failed since start-up. */
  public ImportCounts counts() {
    return counts;
  }

  /**
   * Reads every input without storing anything, so a caller can show the result first, or check the
   * inputs before it creates the scope they go to.
   *
   * @throws IOException if an input cannot be read at all
   */
  public ReadImport read(ImportSpec spec, List<ImportSource> sources) throws IOException {
    return ImportReader.read(spec, sources, clock.instant());
  }

  /**
   * Stores what {@link #read} returned, in one transaction.
   *
   * @param source what the entries are marked as coming from
   * @throws ImportException if any line is bad, listing them all; nothing was stored
   * @throws dev.palisade.common.NotFoundException if the scope does not exist
   */
  public ImportResult store(long scopeId, ReadImport read, EntrySource source, Actor actor) {
    UpsertResult stored;
    try {
      read.requireGood();
      stored =
          read.drafts().isEmpty()
              ? new UpsertResult(0, 0, 0)
              : listings.upsert(scopeId, read.drafts(), source, actor);
    } catch (RuntimeException e) {
      counts.failed();
      throw e;
    }
    counts.done();
    return new ImportResult(
        read.names(),
        read.drafts().size(),
        stored.created(),
        stored.updated(),
        stored.unchanged(),
        read.warnings(),
        read.warningCount(),
        read.directives());
  }

  /**
   * Reads files on the server and stores their entries as an import ({@link EntrySource#IMPORT}),
   * all or nothing, without limits, as the command line does: {@link #read} then {@link #store}.
   * The entries never expire.
   *
   * @param list the list the files feed; rbldnsd exclusions feed the other one
   * @throws ImportException listing every bad line of every file; nothing was stored
   * @throws IOException if a file cannot be read
   */
  public ImportResult importFiles(
      long scopeId, ListKind list, ImportFormat format, List<ImportSource> files, Actor actor)
      throws IOException {
    ReadImport read;
    try {
      read = read(ImportSpec.of(list, format), files);
    } catch (IOException | RuntimeException e) {
      counts.failed();
      throw e;
    }
    return store(scopeId, read, EntrySource.IMPORT, actor);
  }

  /**
   * Reads one file from memory, e.g. a request body, within the configured {@link ImportLimits},
   * and stores its entries as an import ({@link EntrySource#IMPORT}), all or nothing: {@link #read}
   * then {@link #store}. The entries never expire.
   *
   * @param list the list the file feeds; rbldnsd exclusions feed the other one
   * @throws ImportException listing the bad lines; nothing was stored
   * @throws ImportLimitException when the file is larger than the limits; nothing was stored
   * @throws UnreadableImportException when the file is gzip that cannot be inflated
   */
  public ImportResult importFile(
      long scopeId, ListKind list, ImportFormat format, String name, byte[] content, Actor actor) {
    ImportSpec spec = new ImportSpec(list, format, null, limits);
    try {
      return oneAtATime(
          () ->
              store(
                  scopeId,
                  read(spec, List.of(ImportSource.of(name, content))),
                  EntrySource.IMPORT,
                  actor));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does not fail
    }
  }
}
