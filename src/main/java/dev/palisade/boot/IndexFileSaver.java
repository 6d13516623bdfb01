package dev.palisade.boot;

import dev.palisade.common.DatabaseStatus;
import dev.palisade.index.IndexFile;
import dev.palisade.index.IndexImage;
import dev.palisade.index.IndexSnapshot;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ExpiryJob;
import dev.palisade.listing.ScopeStamps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Writes the index file: every {@code palisade.index.save-interval} when the index changed since
 * the last write, and once more on a graceful shutdown. It saves an {@link IndexImage} — immutable
 * tables the index already published — so DNS never waits for it and writers only for the moment
 * the image is taken.
 *
 * <p>A scope is saved with the serial its tables match, and only when the database still has that
 * serial as the file is written (otherwise another node changed it, and the next start loads it
 * from the database anyway). The entry fingerprint is read in the same statement as that serial, so
 * it belongs to the saved entries.
 *
 * <p>While the database cannot be reached ({@link DatabaseStatus}) — a graceful stop during an
 * outage above all — the file is still written, without waiting for the database: each scope with
 * the stamp last read for its serial, or, if it changed since, with its serial and an unchecked
 * fingerprint ({@link IndexFile.Stamp#unchecked}), which a start with the database reloads and a
 * start without it uses.
 *
 * <p>Thread-safe: writes are serialized.
 */
final class IndexFileSaver implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(IndexFileSaver.class);

  private final Path file;
  private final IndexFileSource source;
  private final ScopeStamps stamps;
  private final LiveIndex index;
  private final ExpiryJob expiry;
  private final DatabaseStatus database;

  /** The stamps last read from the database or from the file, by scope id; guarded by this. */
  private Map<Long, IndexFile.Stamp> known;

  /** The snapshot last saved (or found saved at start), null for none; guarded by this. */
  private IndexSnapshot saved;

  IndexFileSaver(
      IndexFileSettings settings,
      IndexFileSource source,
      ScopeStamps stamps,
      LoadedIndex loaded,
      ExpiryJob expiry,
      DatabaseStatus database) {
    this.file = settings.path();
    this.source = source;
    this.stamps = stamps;
    this.index = loaded.index();
    this.expiry = expiry;
    this.database = database;
    this.known = new HashMap<>(loaded.fileStamps());
    this.saved = loaded.fileCurrent() ? index.snapshot() : null;
  }

  @Scheduled(
      initialDelayString = "${palisade.index.save-interval:5m}",
      fixedDelayString = "${palisade.index.save-interval:5m}")
  void saveIfChanged() {
    try {
      save();
    } catch (IOException | RuntimeException e) {
      // The database is unaffected; the next start just reads more of it.
      log.warn("index file {} not written: {}", file, e.toString());
    }
  }

  /** On a graceful shutdown: the next start finds everything up to now. */
  @Override
  public void destroy() {
    saveIfChanged();
  }

  /**
   * The stamps to save the image's scopes with: read from the database with the serials they hold
   * now, or, when the database cannot be reached, the ones known from before.
   */
  private Map<Long, IndexFile.Stamp> stamped(IndexImage image, Instant horizon) {
    Map<Long, IndexFile.Stamp> current = new HashMap<>();
    Map<Long, ScopeStamps.Stamp> stored = null;
    if (database.reachable()) {
      try {
        stored = stamps.read(horizon);
      } catch (RuntimeException e) {
        if (!database.explains(e)) {
          throw e;
        }
      }
    }
    for (IndexImage.Scope scope : image.scopes()) {
      long serial = scope.entriesSerial();
      if (serial < 0) {
        continue;
      }
      if (stored != null) {
        ScopeStamps.Stamp stamp = stored.get(scope.id());
        if (stamp != null && stamp.serial() == serial) {
          current.put(
              scope.id(),
              new IndexFile.Stamp(stamp.serial(), stamp.maxEntryId(), stamp.lastUpdate()));
        }
      } else {
        IndexFile.Stamp stamp = known.get(scope.id());
        current.put(
            scope.id(),
            stamp != null && stamp.serial() == serial ? stamp : IndexFile.Stamp.unchecked(serial));
      }
    }
    if (stored != null) {
      known = current;
    }
    return current;
  }

  /** Writes the file when the index changed since the last write; returns whether it wrote. */
  synchronized boolean save() throws IOException {
    if (file == null) {
      return false;
    }
    // The horizon before the image: every expiry up to it is already out of the image's tables.
    Instant horizon = expiry.doneUpTo();
    if (horizon == null) {
      return false;
    }
    IndexImage image = index.image();
    if (image.published() == saved) {
      return false;
    }
    long started = System.nanoTime();
    byte[] writtenFor = source.bytes();
    Map<Long, IndexFile.Stamp> current = stamped(image, horizon);
    long entries = IndexFile.write(file, writtenFor, horizon, image, current);
    saved = image.published();
    log.info(
        "index file {} written: {} of {} scopes, {} entries in {} ms",
        file,
        current.size(),
        image.scopes().size(),
        entries,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    return true;
  }
}
