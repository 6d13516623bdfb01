package dev.palisade.listing;

import dev.palisade.account.ChangeLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The change feed as a follower reads it: the committed changes to one scope's entries after a
 * serial, oldest first, each as the {@link EntriesChanged} this node would have announced had it
 * made the change itself. Thread-safe.
 */
@Component
public class ChangeFeed {

  private final ChangeLog log;
  private final JdbcTemplate jdbc;

  ChangeFeed(ChangeLog log, JdbcTemplate jdbc) {
    this.log = log;
    this.jdbc = jdbc;
  }

  /** The feed of this database, for the start-up, before the application context exists. */
  public static ChangeFeed reading(DataSource dataSource) throws MetaDataAccessException {
    return new ChangeFeed(ChangeLog.reading(dataSource), new JdbcTemplate(dataSource));
  }

  /**
   * The scopes an import stored in several transactions is still being stored into ({@link
   * ImportRuns}): a follower holds each at the serial its index has, so that DNS does not answer a
   * half-stored import, and follows it once the import's last part has committed.
   */
  public Set<Long> importing() {
    return ImportRuns.importing(jdbc);
  }

  /**
   * At start, before the index is loaded: releases the scopes that imports no process is storing
   * any more hold (left by a process killed half way, {@link ImportRuns#releaseLeft}), each with
   * one WARN line, so that the index reads them from the database as they are. On a database only
   * this process can open (embedded H2) every such hold is left over; on one several processes
   * share (an H2 server, {@code AUTO_SERVER}) only holds whose last part committed more than an
   * hour before {@code now}, since another node may be storing the others.
   *
   * @return the scopes released
   */
  public List<Long> releaseLeftImports(boolean shared, Instant now) {
    return ImportRuns.releaseLeft(jdbc, shared ? now.minus(ImportRuns.SILENT) : null);
  }

  /**
   * The newest serial in the feed (0: empty). Read before a catch-up, every change up to it is
   * applied once the catch-up is done.
   */
  public long head() {
    return log.head();
  }

  /**
   * The changes to a scope's entries after {@code serial}, oldest first, at most {@code limit}.
   * Each change's {@link EntriesChanged#previousSerial()} is the serial it follows: a gap in that
   * chain means changes are missing (pruned, or made without Palisade).
   *
   * @throws IllegalArgumentException when a change cannot be read (written by a newer version)
   */
  public List<EntriesChanged> after(long scopeId, long serial, int limit) {
    return after(scopeId, serial, Long.MAX_VALUE, limit);
  }

  /**
   * Like {@link #after(long, long, int)}, without the changes after serial {@code upTo}: for a
   * follower that takes the feed up to the {@link #head()} it read first, so that changes committed
   * meanwhile in one scope are not applied without those committed before them in another.
   */
  public List<EntriesChanged> after(long scopeId, long serial, long upTo, int limit) {
    List<ChangeLog.Row> rows = log.entriesAfter(scopeId, serial, upTo, limit);
    List<EntriesChanged> changes = new ArrayList<>(rows.size());
    for (ChangeLog.Row row : rows) {
      changes.add(
          row.changes() == null
              ? new EntriesChanged(
                  row.scopeId(), row.previousSerial(), row.serial(), List.of(), List.of())
              : EntryChangeCodec.decode(
                  row.scopeId(), row.previousSerial(), row.serial(), row.changes()));
    }
    return changes;
  }
}
