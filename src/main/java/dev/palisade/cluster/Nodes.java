package dev.palisade.cluster;

import dev.palisade.account.ChangeLog;
import dev.palisade.account.ChangeLog.Backlog;
import dev.palisade.cluster.FeedProgress.Lag;
import dev.palisade.cluster.NodeStatus.State;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The list of nodes sharing the database, table {@code cluster_node}: each node writes its own row
 * (its {@link NodeHeartbeat}), anyone reads them all. A node is {@link State#STALE} once it has not
 * written for {@link ClusterSettings#staleAfter()}; rows silent for {@link
 * ClusterSettings#forgetNodesAfter()} are removed.
 *
 * <p>Thread-safe.
 */
public final class Nodes {

  private static final String COLUMNS =
      "id, name, host, version, dns_address, started_at, heartbeat_at, applied_serial,"
          + " lag_changes, lag_millis, stopped_at";

  private final JdbcTemplate jdbc;
  private final ChangeLog feed;
  private final ClusterSettings settings;
  private final Clock clock;
  private final NodeIdentity self;

  /** The list in this database, as {@code self} reads and writes it. */
  public Nodes(
      JdbcTemplate jdbc, ChangeLog feed, ClusterSettings settings, Clock clock, NodeIdentity self) {
    this.jdbc = jdbc;
    this.feed = feed;
    this.settings = settings;
    this.clock = clock;
    this.self = self;
  }

  /** This process. */
  public NodeIdentity self() {
    return self;
  }

  /**
   * Writes this node's heartbeat at {@code at} with how far it has followed the feed and where its
   * DNS listens now (the first heartbeat can come before the port is open); writes the whole row
   * when there is none (the first heartbeat, or the row was removed while this node could not reach
   * the database).
   */
  void heartbeat(Lag lag, Instant at) {
    int updated =
        jdbc.update(
            "update cluster_node set heartbeat_at = ?, applied_serial = ?, lag_changes = ?,"
                + " lag_millis = ?, dns_address = ?, stopped_at = null where id = ?",
            Timestamp.from(at),
            lag.appliedSerial(),
            lag.changes(),
            lag.behind().toMillis(),
            self.dnsAddress().get(),
            self.id());
    if (updated == 0) {
      jdbc.update(
          "insert into cluster_node (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
          self.id(),
          self.name(),
          self.host(),
          self.version(),
          self.dnsAddress().get(),
          Timestamp.from(self.startedAt()),
          Timestamp.from(at),
          lag.appliedSerial(),
          lag.changes(),
          lag.behind().toMillis());
    }
  }

  /** Marks this node as stopped gracefully. */
  void stopped(Instant at) {
    jdbc.update(
        "update cluster_node set stopped_at = ?, heartbeat_at = ? where id = ?",
        Timestamp.from(at),
        Timestamp.from(at),
        self.id());
  }

  /**
   * Removes the rows of earlier runs of this node: rows of its name that stopped or went stale. A
   * restarted node thus replaces its old row rather than being listed twice.
   *
   * @return how many were removed
   */
  int replaceEarlierRuns(Instant now) {
    return jdbc.update(
        "delete from cluster_node where name = ? and id <> ?"
            + " and (stopped_at is not null or heartbeat_at < ?)",
        self.name(),
        self.id(),
        Timestamp.from(now.minus(settings.staleAfter())));
  }

  /** Whether another running node has this node's name. */
  boolean nameTakenByAnother(Instant now) {
    Integer running =
        jdbc.queryForObject(
            "select count(*) from cluster_node where name = ? and id <> ?"
                + " and stopped_at is null and heartbeat_at >= ?",
            Integer.class,
            self.name(),
            self.id(),
            Timestamp.from(now.minus(settings.staleAfter())));
    return running != null && running > 0;
  }

  /**
   * Removes the rows of nodes not heard from for {@link ClusterSettings#forgetNodesAfter()}.
   *
   * @return how many were removed
   */
  int forgetGone(Instant now) {
    return jdbc.update(
        "delete from cluster_node where heartbeat_at < ?",
        Timestamp.from(now.minus(settings.forgetNodesAfter())));
  }

  /**
   * Every node, by name, the latest start first. A running node's lag is the one it wrote with its
   * heartbeat; a stale or stopped node's is read from the feed now: every change after the serial
   * it had applied.
   */
  public List<NodeStatus> all() {
    Instant now = clock.instant();
    Instant staleBefore = now.minus(settings.staleAfter());
    return jdbc.query(
        "select " + COLUMNS + " from cluster_node order by name, started_at desc",
        (row, i) -> status(row, now, staleBefore));
  }

  private NodeStatus status(ResultSet row, Instant now, Instant staleBefore) throws SQLException {
    Instant heartbeat = instant(row, 7);
    long applied = row.getLong(8);
    State state;
    if (instant(row, 11) != null) {
      state = State.STOPPED;
    } else if (heartbeat.isBefore(staleBefore)) {
      state = State.STALE;
    } else {
      state = State.RUNNING;
    }
    long changes = row.getLong(9);
    Duration lag = Duration.ofMillis(row.getLong(10));
    if (state != State.RUNNING) {
      Backlog backlog = feed.backlog(applied);
      changes = backlog.changes();
      lag = backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), now);
      if (lag.isNegative()) {
        lag = Duration.ZERO;
      }
    }
    String id = row.getString(1);
    return new NodeStatus(
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        instant(row, 6),
        heartbeat,
        state,
        applied,
        changes,
        lag,
        id.equals(self.id()));
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
