package dev.palisade.boot;

import dev.palisade.account.ScopeInfo;
import dev.palisade.index.IndexFile;
import dev.palisade.index.IndexFile.SavedScope;
import dev.palisade.index.LiveIndex;
import dev.palisade.listing.ScopeStamps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at start-up which scopes may be taken from the index file instead of the database: those
 * whose stored scope still has the serial and entry fingerprint the file recorded for them, and
 * those whose serial moved on since, which are then brought up to date from the change feed (their
 * changes after the file's serial, or a reload where the chain has a gap). Entries that expired
 * since the file was written are dropped as it is read (the file holds their expiries). Everything
 * else — scopes new since, scopes whose rows were edited outside Palisade, every scope when the
 * file is missing, damaged, of another format or written for another database — is loaded from the
 * database. The file can only make a start faster: any problem with it is one warning line, never a
 * failed start.
 *
 * <p>Thread-safe: no state besides its settings.
 */
final class IndexFileRestore {

  private static final Logger log = LoggerFactory.getLogger(IndexFileRestore.class);

  /** Scope labels named per group in the log line; the rest are counted. */
  private static final int NAMED = 10;

  private final Path file;
  private final IndexFileSource source;
  private final ScopeStamps stamps;

  /** {@code file} null: the index file is turned off. */
  IndexFileRestore(Path file, IndexFileSource source, ScopeStamps stamps) {
    this.file = file;
    this.source = source;
    this.stamps = stamps;
  }

  /** The scopes to take from the file, given the scopes stored now. Never throws. */
  Plan plan(List<ScopeInfo> scopes) {
    if (file == null) {
      return Plan.NONE;
    }
    try {
      IndexFile.Saved saved = IndexFile.read(file);
      if (!saved.isFor(source.bytes())) {
        return unused("it was written for another database or other return-code settings");
      }
      return plan(saved, scopes);
    } catch (IndexFile.UnusableException e) {
      return unused(e.getMessage());
    } catch (RuntimeException e) {
      return unused(e.toString());
    }
  }

  private Plan plan(IndexFile.Saved saved, List<ScopeInfo> scopes) {
    Map<Long, ScopeStamps.Stamp> stored = stamps.read(saved.expiryHorizon());
    Map<Long, SavedScope> byId = new HashMap<>();
    for (SavedScope scope : saved.scopes()) {
      byId.put(scope.id(), scope);
    }
    List<SavedScope> usable = new ArrayList<>();
    List<String> usableLabels = new ArrayList<>();
    List<String> behind = new ArrayList<>();
    Map<String, String> loaded = new LinkedHashMap<>();
    for (ScopeInfo scope : scopes) {
      SavedScope candidate = byId.remove(scope.id());
      String why = candidate == null ? "not in the file" : stale(candidate, stored.get(scope.id()));
      if (why == null || why == BEHIND) {
        usable.add(candidate);
        usableLabels.add(scope.label());
        if (why == BEHIND) {
          behind.add(scope.label());
        }
      } else {
        loaded.put(scope.label(), why);
      }
    }
    return new Plan(file, usable, usableLabels, behind, loaded, byId.size());
  }

  /** {@link #stale}: the scope changed since, through Palisade; the change feed has the rest. */
  private static final String BEHIND = "behind";

  /** Why a saved scope cannot be used, {@link #BEHIND}, or null when it can be used as it is. */
  private static String stale(SavedScope saved, ScopeStamps.Stamp stored) {
    if (stored == null) {
      return "deleted meanwhile";
    }
    IndexFile.Stamp stamp = saved.stamp();
    if (stamp.serial() > stored.serial()) {
      return "the database is older than the file";
    }
    if (stamp.serial() < stored.serial()) {
      return BEHIND;
    }
    if (stamp.maxEntryId() == IndexFile.Stamp.UNCHECKED) {
      return "saved while the database was unreachable";
    }
    if (stamp.maxEntryId() != stored.maxEntryId() || stamp.lastUpdate() != stored.lastUpdate()) {
      return "entries edited outside Palisade";
    }
    return null;
  }

  private Plan unused(String why) {
    log.warn("index file {} not used, every scope is loaded from the database: {}", file, why);
    return Plan.NONE;
  }

  /**
   * The outcome: the saved scopes to replay and, for the log, why the others are loaded from the
   * database. Immutable.
   */
  static final class Plan {

    static final Plan NONE = new Plan(null, List.of(), List.of(), List.of(), Map.of(), 0);

    private final Path file;
    private final List<SavedScope> usable;
    private final Set<Long> usableIds = new HashSet<>();
    private final List<String> usableLabels;
    private final List<String> behind;
    private final Map<String, String> loadedWhy;
    private final int dropped;

    private Plan(
        Path file,
        List<SavedScope> usable,
        List<String> usableLabels,
        List<String> behind,
        Map<String, String> loadedWhy,
        int dropped) {
      this.file = file;
      this.usable = usable;
      this.usableLabels = usableLabels;
      this.behind = behind;
      this.loadedWhy = loadedWhy;
      this.dropped = dropped;
      usable.forEach(scope -> usableIds.add(scope.id()));
    }

    /** Whether scopes taken from the file must be brought up to date from the change feed. */
    boolean hasBehind() {
      return !behind.isEmpty();
    }

    /** The stamps of the scopes taken from the file, by scope id. */
    Map<Long, IndexFile.Stamp> stamps() {
      Map<Long, IndexFile.Stamp> stamps = new HashMap<>();
      usable.forEach(scope -> stamps.put(scope.id(), scope.stamp()));
      return stamps;
    }

    /** Whether no scope comes from the file. */
    boolean isEmpty() {
      return usable.isEmpty();
    }

    /** Whether a scope comes from the file. */
    boolean covers(long scopeId) {
      return usableIds.contains(scopeId);
    }

    /** Whether every scope comes from the file and the file holds no other: it is current. */
    boolean isComplete() {
      return file != null && loadedWhy.isEmpty() && behind.isEmpty() && dropped == 0;
    }

    /**
     * Adds the usable scopes to the loader; returns how many entries. Throws when a saved scope
     * does not decode: the loader is then half-filled and must be dropped.
     */
    long replay(LiveIndex.Loader loader) {
      long entries = 0;
      for (SavedScope scope : usable) {
        entries += loader.restore(scope, scope.stamp().serial());
      }
      return entries;
    }

    /** One line for the log: which scopes came from where, and why. */
    String describe(long entries) {
      StringBuilder line = new StringBuilder("index file ").append(file).append(": ");
      line.append(usable.size())
          .append(" scopes (")
          .append(entries)
          .append(" entries) taken from it");
      name(line, usableLabels);
      if (!behind.isEmpty()) {
        line.append(", ")
            .append(behind.size())
            .append(" of them brought up to date from the change feed");
        name(line, behind);
      }
      line.append(", ").append(loadedWhy.size()).append(" loaded from the database");
      List<String> why = new ArrayList<>();
      loadedWhy.forEach((label, reason) -> why.add(label + ": " + reason));
      name(line, why);
      if (dropped > 0) {
        line.append(", ").append(dropped).append(" deleted scopes dropped");
      }
      return line.toString();
    }

    private static void name(StringBuilder line, List<String> items) {
      if (items.isEmpty()) {
        return;
      }
      line.append(" (").append(String.join(", ", items.subList(0, Math.min(NAMED, items.size()))));
      if (items.size() > NAMED) {
        line.append(" and ").append(items.size() - NAMED).append(" more");
      }
      line.append(')');
    }
  }
}
