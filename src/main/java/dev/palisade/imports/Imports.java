package dev.palisade.imports;

import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.DraftProducer;
import dev.palisade.listing.EntryGuard;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.UpsertResult;
import dev.palisade.listing.WriteProgress;
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
  private final EntryGuard guard;
  private final ImportFingerprints fingerprints;
  private final ImportTransactions transactions;
  private final ImportCounts counts = new ImportCounts();

  /** Fair, so an import waiting behind others is not overtaken for ever. */
  private final Semaphore running = new Semaphore(1, true);

  Imports(
      Listings listings,
      Clock clock,
      ImportLimits limits,
      EntryGuard guard,
      ImportFingerprints fingerprints,
      ImportTransactions transactions) {
    this.transactions = transactions;
    this.guard = guard;
    this.fingerprints = fingerprints;
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
   * Reads the inputs of an import of any size once, checking every line and keeping none of their
   * entries, so that {@link #storeChecked} can then store them a batch at a time. Memory does not
   * grow with the inputs (except the bad lines reported, at most {@link
   * dev.palisade.zonefile.ZoneFileParser#MAX_REPORTED_ISSUES} per input).
   *
   * @throws ImportLimitException when the inputs are larger than the spec's limits allow
   * @throws UnreadableImportException when an input starts as gzip but cannot be inflated
   * @throws IOException if an input cannot be read at all
   */
  public CheckedImport check(ImportSpec spec, List<ImportSource> sources) throws IOException {
    ImportStream stream = new ImportStream(spec, sources, clock.instant(), guard::wide);
    try {
      return new CheckedImport(stream, stream.check());
    } catch (IOException | RuntimeException e) {
      counts.failed();
      throw e;
    }
  }

  /**
   * Stores a {@link #check checked} import by reading its inputs again and storing their entries a
   * batch at a time, in one transaction ({@link Listings#upsertAll}): DNS, the audit trail and the
   * change feed see one change, or none. On H2, an import of more entries than {@link
   * ImportTransactions#transactionEntries()} is stored in transactions of that many instead, so
   * that its heap is bounded by the setting: DNS still takes it as one change, once the last has
   * committed; the audit trail and the change feed have one event and one row per transaction; a
   * failure after the first commit is a {@link dev.palisade.listing.PartlyStoredException}, and
   * importing the same inputs again completes the import. Its fingerprint is recorded only once
   * every part is stored. A value given more than once keeps its first line, as in rbldnsd. Entries
   * already exactly as in the inputs are not written: importing the same inputs again writes
   * nothing. When the scope's last import read the same inputs (same list, format and bytes, no
   * expiry) and nothing wrote the scope's entries since ({@link ImportFingerprints}), the inputs
   * are not read again at all: every entry is reported unchanged.
   *
   * @param confirmWide whether the caller confirmed wide entries ({@code EntryGuard#wide}); when it
   *     did not and the check found some, nothing is read again nor stored
   * @param progress told how many entries were stored so far, after each batch
   * @throws ImportException if a line is bad (checked, or found bad on the second read because an
   *     input changed in between); nothing was stored
   * @throws UnconfirmedWideException if the inputs hold wide entries and {@code confirmWide} is
   *     false; nothing was stored
   * @throws IOException if an input cannot be read again; nothing was stored
   * @throws dev.palisade.listing.PartlyStoredException if the import, stored in several
   *     transactions, stopped after one of them committed
   */
  public ImportResult storeChecked(
      long scopeId,
      CheckedImport checked,
      EntrySource source,
      Actor actor,
      boolean confirmWide,
      ImportProgress progress)
      throws IOException {
    if (!confirmWide && checked.ok() && checked.wideCount() > 0) {
      counts.failed();
      throw new UnconfirmedWideException(checked.wide(), checked.wideCount());
    }
    String digest = source == EntrySource.IMPORT ? checked.digest() : null;
    if (digest != null && checked.ok()) {
      var unchanged = fingerprints.unchanged(scopeId, digest);
      if (unchanged.isPresent()) {
        return stored(checked, drafts -> unchanged.get());
      }
    }
    UpsertResult[] written = {null};
    ImportResult result =
        stored(
            checked,
            drafts ->
                written[0] =
                    listings.upsertAll(
                        scopeId,
                        source,
                        actor,
                        told(progress, checked.entries()),
                        drafts,
                        transactions.partEntries(checked.entries())));
    if (digest != null && written[0] != null) {
      fingerprints.record(scopeId, digest, written[0]);
    }
    return result;
  }

  /** The listing's progress of a write of {@code total} drafts, told as the import's. */
  private static WriteProgress told(ImportProgress progress, long total) {
    return new WriteProgress() {
      @Override
      public void stored(long done) {
        progress.stored(done, total);
      }

      @Override
      public void staged(long done) {
        progress.staged(done, total);
      }

      @Override
      public void storing(long done) {
        progress.storing(total);
      }
    };
  }

  /** Stores a checked import through one streamed write, counting it done or failed. */
  private ImportResult stored(CheckedImport checked, StreamedWrite write) throws IOException {
    ReadImport read = checked.read();
    UpsertResult stored;
    try {
      read.requireGood();
      ImportStream stream = checked.stream();
      stored =
          checked.entries() == 0
              ? new UpsertResult(0, 0, 0) // nothing to store: no write at all
              : write.run(
                  sink -> {
                    try {
                      stream.drafts(sink);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
    } catch (UncheckedIOException e) {
      counts.failed();
      throw e.getCause();
    } catch (RuntimeException e) {
      counts.failed();
      throw e;
    }
    counts.done();
    return new ImportResult(
        read.names(),
        (int) Math.min(Integer.MAX_VALUE, checked.entries()),
        stored.created(),
        stored.updated(),
        stored.unchanged(),
        read.warnings(),
        read.warningCount(),
        read.directives(),
        stored.repeated(),
        stored.kept(),
        stored.deleted());
  }

  /** One streamed write of listing, given the drafts' producer. */
  @FunctionalInterface
  private interface StreamedWrite {
    UpsertResult run(DraftProducer drafts);
  }

  /**
   * Brings a feed's entries in step with a {@link #check checked} file, reading it again: only the
   * difference is written, as one change ({@link Listings#syncFeed}). On H2, when the file or the
   * feed's entries now ({@code feedEntries}) are more than {@link
   * ImportTransactions#transactionEntries()}, in transactions of that many, as an import is.
   *
   * @throws ImportException if a line is bad after all; nothing was stored
   * @throws IOException if the file cannot be read again; nothing was stored
   * @throws dev.palisade.listing.PartlyStoredException if the update, stored in several
   *     transactions, stopped after one of them committed
   */
  ImportResult syncFeed(
      long scopeId, long feedId, CheckedImport checked, long feedEntries, Actor actor)
      throws IOException {
    long partEntries = transactions.partEntries(Math.max(checked.entries(), feedEntries));
    return stored(
        checked,
        drafts ->
            listings.syncFeed(scopeId, feedId, actor, WriteProgress.NONE, drafts, partEntries));
  }

  /**
   * Deletes a feed's entries, as one change ({@link Listings#syncFeed} of no drafts); on H2, when
   * they are more than {@link ImportTransactions#transactionEntries()}, in transactions of that
   * many.
   */
  void dropFeed(long scopeId, long feedId, long feedEntries, Actor actor) {
    listings.syncFeed(
        scopeId, feedId, actor, done -> {}, sink -> {}, transactions.partEntries(feedEntries));
  }

  /**
   * Reads files on the server and stores their entries as an import ({@link EntrySource#IMPORT}),
   * all or nothing, without limits, as the command line does: {@link #check} then {@link
   * #storeChecked}, so files of any size are read with bounded memory. The entries never expire.
   *
   * @param list the list the files feed; rbldnsd exclusions feed the other one
   * @throws ImportException listing every bad line of every file; nothing was stored
   * @throws IOException if a file cannot be read
   */
  public ImportResult importFiles(
      long scopeId, ListKind list, ImportFormat format, List<ImportSource> files, Actor actor)
      throws IOException {
    CheckedImport checked = check(ImportSpec.of(list, format), files);
    // The command line's operator works on the server itself: wide entries need no confirming.
    return storeChecked(scopeId, checked, EntrySource.IMPORT, actor, true, ImportProgress.NONE);
  }

  /**
   * Reads one file from memory, e.g. a request body, within the configured {@link ImportLimits},
   * and stores its entries as an import ({@link EntrySource#IMPORT}), all or nothing: {@link
   * #importSource}. The entries never expire.
   *
   * @param list the list the file feeds; rbldnsd exclusions feed the other one
   * @throws ImportException listing the bad lines; nothing was stored
   * @throws ImportLimitException when the file is larger than the limits; nothing was stored
   * @throws UnreadableImportException when the file is gzip that cannot be inflated
   */
  public ImportResult importFile(
      long scopeId, ListKind list, ImportFormat format, String name, byte[] content, Actor actor) {
    try {
      return importSource(
          scopeId, list, format, ImportSource.of(name, content), actor, true, ImportProgress.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does not fail
    }
  }

  /**
   * Reads one input within the configured {@link ImportLimits} and stores its entries as an import
   * ({@link EntrySource#IMPORT}), all or nothing, a batch at a time: {@link #check} then {@link
   * #storeChecked}, one import at a time ({@link #oneAtATime}). The input is read twice, so it must
   * open more than once (a file on disk, bytes in memory). The entries never expire.
   *
   * @param confirmWide whether the caller confirmed wide entries; see {@link #storeChecked}
   * @throws ImportException listing the bad lines; nothing was stored
   * @throws UnconfirmedWideException when wide entries were not confirmed; nothing was stored
   * @throws ImportLimitException when the input is larger than the limits; nothing was stored
   * @throws UnreadableImportException when the input is gzip that cannot be inflated
   * @throws IOException if the input cannot be read
   */
  public ImportResult importSource(
      long scopeId,
      ListKind list,
      ImportFormat format,
      ImportSource source,
      Actor actor,
      boolean confirmWide,
      ImportProgress progress)
      throws IOException {
    ImportSpec spec = new ImportSpec(list, format, null, limits);
    return oneAtATime(
        () ->
            storeChecked(
                scopeId,
                check(spec, List.of(source)),
                EntrySource.IMPORT,
                actor,
                confirmWide,
                progress));
  }
}
