package dev.palisade.account;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The change feed's table, {@code change_log}: one row per committed change to what DNS answers,
 * written inside the change's own transaction, so the row exists exactly when the change does. The
 * entries a change removed and added are stored as the writer encodes them; this class only keeps
 * the rows. Nodes sharing the database read it to follow each other's writes.
 *
 * <p>On PostgreSQL every row also sends a notification on channel {@link #CHANNEL}, which
 * PostgreSQL delivers to listeners when (and only if) the transaction commits.
 *
 * <p>Thread-safe.
 */
@Component
public class ChangeLog {

  /** The PostgreSQL notification channel that announces new rows. */
  public static final String CHANNEL = "palisade_changes";

  private static final String INSERT =
      "insert into change_log (serial, scope_id, previous_serial, kind, written_at, node, removed,"
          + " added, changes) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final JdbcTemplate jdbc;
  private final boolean postgres;
  private final String node;
  private final Clock clock;

  ChangeLog(
      DataSource dataSource,
      JdbcTemplate jdbc,
      Clock clock,
      @Value("${palisade.cluster.node-name:}") String node)
      throws MetaDataAccessException {
    this.jdbc = jdbc;
    this.clock = clock;
    String product = JdbcUtils.extractDatabaseMetaData(dataSource, "getDatabaseProductName");
    this.postgres = "PostgreSQL".equals(product);
    this.node = StringUtils.hasText(node) ? node.strip() : defaultNodeName();
  }

  /**
   * A change log for reading the feed before the application context exists (the start-up brings
   * the index file's scopes up to date with it); it is not meant for writing.
   */
  public static ChangeLog reading(DataSource dataSource) throws MetaDataAccessException {
    return new ChangeLog(dataSource, new JdbcTemplate(dataSource), Clock.systemUTC(), "start-up");
  }

  /** This node's name, as its rows record it: {@code palisade.cluster.node-name}, or the host's. */
  public String node() {
    return node;
  }

  /**
   * Records a change to one scope's entries. Must run inside the transaction that made it.
   *
   * @param scopeId the scope
   * @param previousSerial its serial before the change
   * @param serial its serial after
   * @param removed how many entries stopped answering
   * @param added how many started
   * @param changes those entries, encoded by the writer
   */
  public void entries(
      long scopeId, long previousSerial, long serial, int removed, int added, byte[] changes) {
    insert(serial, scopeId, previousSerial, "ENTRIES", removed, added, changes);
  }

  /**
   * Records a new serial of a scope whose entries stay as they are (its label changed): a change
   * that removes and adds nothing, so followers move to the new serial without reloading. Must run
   * inside the transaction that gave the serial.
   */
  public void serialOnly(long scopeId, long previousSerial, long serial) {
    insert(serial, scopeId, previousSerial, "ENTRIES", 0, 0, null);
  }

  /**
   * Records a change to the set of scopes (created, renamed, relabelled, deleted), announced with
   * this serial. Must run inside the transaction that made it.
   */
  public void scopes(long serial) {
    insert(serial, null, null, "SCOPES", 0, 0, null);
  }

  /**
   * The changes to a scope's entries after a serial and up to another, oldest first, at most {@code
   * limit} of them. One index range ({@code change_log_scope_serial}).
   */
  public List<Row> entriesAfter(long scopeId, long serial, long upTo, int limit) {
    return jdbc.query(
        "select serial, previous_serial, changes from change_log"
            + " where scope_id = ? and serial > ? and serial <= ? order by scope_id, serial limit ?",
        (row, i) -> new Row(scopeId, row.getLong(1), row.getLong(2), row.getBytes(3)),
        scopeId,
        serial,
        upTo,
        limit);
  }

  /**
   * The newest serial in the feed, 0 when it is empty: a follower that has applied every change up
   * to it is current. One step of the primary key's index.
   */
  public long head() {
    Long head = jdbc.queryForObject("select max(serial) from change_log", Long.class);
    return head == null ? 0 : head;
  }

  /**
   * The changes after a serial: how many, and when the oldest of them was written. For a node
   * saying how far it is behind; one index range of the primary key.
   */
  public Backlog backlog(long serial) {
    return jdbc.queryForObject(
        "select count(*), min(written_at) from change_log where serial > ?",
        (row, i) -> {
          OffsetDateTime oldest = row.getObject(2, OffsetDateTime.class);
          return new Backlog(row.getLong(1), oldest == null ? null : oldest.toInstant());
        },
        serial);
  }

  /** Deletes the rows written before this moment; returns how many. */
  public int prune(Instant before) {
    return jdbc.update("delete from change_log where written_at < ?", Timestamp.from(before));
  }

  /** Adds one row, written now by this node, and wakes the listening nodes at commit. */
  private void insert(
      long serial,
      Long scopeId,
      Long previousSerial,
      String kind,
      int removed,
      int added,
      byte[] changes) {
    jdbc.update(
        INSERT,
        serial,
        scopeId,
        previousSerial,
        kind,
        Timestamp.from(clock.instant()),
        node,
        removed,
        added,
        changes);
    announce();
  }

  /** Wakes the listening nodes when the transaction commits. */
  private void announce() {
    if (postgres) {
      jdbc.query("select pg_notify(?, ?)", row -> {}, CHANNEL, node);
    }
  }

  private static String defaultNodeName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * One change to a scope's entries.
   *
   * @param scopeId the scope
   * @param serial its serial after the change
   * @param previousSerial its serial before
   * @param changes the entries removed and added, as the writer encoded them; null when the change
   *     gave the scope a new serial only
   */
  public record Row(long scopeId, long serial, long previousSerial, byte[] changes) {}

  /**
   * Changes of the feed after some serial.
   *
   * @param changes how many
   * @param oldest when the oldest of them was written; null when there is none
   */
  public record Backlog(long changes, Instant oldest) {

    /** No change waiting. */
    public static final Backlog NONE = new Backlog(0, null);
  }
}
