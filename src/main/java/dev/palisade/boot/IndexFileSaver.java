package dev.palisade.boot;

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
 * <p>Thread-safe: writes are serialized.
 */
final class IndexFileSaver implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(IndexFileSaver.class);

  private final Path file;
  private final IndexFileSource source;
  private final ScopeStamps stamps;
  private final LiveIndex index;
  private final ExpiryJob expiry;

  /** The snapshot last saved (or found saved at start), null for none; guarded by this. */
  private IndexSnapshot saved;

  IndexFileSaver(
      IndexFileSettings settings,
      IndexFileSource source,
      ScopeStamps stamps,
      LoadedIndex loaded,
      ExpiryJob expiry) {
    this.file = settings.path();
    this.source = source;
    this.stamps = stamps;
    this.index = loaded.index();
    this.expiry = expiry;
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
    Map<Long, ScopeStamps.Stamp> stored = stamps.read(horizon);
    Map<Long, IndexFile.Stamp> current = new HashMap<>();
    for (IndexImage.Scope scope : image.scopes()) {
      ScopeStamps.Stamp stamp = stored.get(scope.id());
      if (stamp != null && scope.entriesSerial() >= 0 && stamp.serial() == scope.entriesSerial()) {
        current.put(
            scope.id(),
            new IndexFile.Stamp(stamp.serial(), stamp.maxEntryId(), stamp.lastUpdate()));
      }
    }
    long entries = IndexFile.write(file, source.bytes(), horizon, image, current);
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
