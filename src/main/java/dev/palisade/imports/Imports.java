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
import org.springframework.stereotype.Service;

/**
 * The one import pipeline, called by the web UI's bulk page, the REST API's {@code /import} and the
 * command line alike: inputs in an {@link ImportFormat} are read into drafts ({@link
 * ImportReader}), every bad line of every input is reported by number, and only when there is none
 * are all drafts stored in the scope through {@link Listings#upsert}, as one change. Entries
 * already in the scope and not in the inputs stay; entries in the inputs are added or updated, so
 * an import can be repeated. Thread-safe.
 */
@Service
public class Imports {

  private final Listings listings;
  private final Clock clock;
  private final ImportCounts counts = new ImportCounts();

  Imports(Listings listings, Clock clock) {
    this.listings = listings;
    this.clock = clock;
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
   * Reads files and stores their entries as an import ({@link EntrySource#IMPORT}), all or nothing:
   * {@link #read} then {@link #store}. The entries never expire, and there is no limit on their
   * number.
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

  /** One file from memory, e.g. a request body; see {@link #importFiles}. */
  public ImportResult importFile(
      long scopeId, ListKind list, ImportFormat format, String name, byte[] content, Actor actor) {
    try {
      return importFiles(scopeId, list, format, List.of(ImportSource.of(name, content)), actor);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does not fail
    }
  }
}
