package dev.palisade.listing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads, for every scope, what tells whether its entries are still those of an earlier moment: its
 * serial (renewed by every write through Palisade), a fingerprint of its entry rows (the highest id
 * and the latest update time, which also catch most rows added or edited with SQL by hand), and the
 * first expiry after a given moment. One statement of index look-ups per scope, so it costs about
 * the same for a scope of ten entries as for one of ten million; a row count would not.
 *
 * <p>Plain JDBC, for the start-up before the rest of the application. Thread-safe.
 */
public final class ScopeStamps {

  /**
   * Each sub-query orders by the whole prefix of its index, scope first: H2 reads an index in order
   * (and stops at the first row) only then, and otherwise sorted all of a scope's rows (0.4 s at 1M
   * entries instead of 0.3 ms). PostgreSQL does either in under a millisecond.
   */
  private static final String SELECT =
      "select s.id, s.serial,"
          + " (select e.id from entry e where e.scope_id = s.id"
          + " order by e.scope_id desc, e.id desc limit 1),"
          + " (select e.updated_at from entry e where e.scope_id = s.id"
          + " order by e.scope_id desc, e.updated_at desc limit 1),"
          + " (select e.expires_at from entry e where e.scope_id = s.id and e.expires_at > ?"
          + " order by e.scope_id, e.expires_at limit 1)"
          + " from scope s";

  private final DataSource dataSource;

  public ScopeStamps(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * One scope's stamp.
   *
   * @param serial the scope's serial
   * @param maxEntryId the highest id among its entry rows, {@link Long#MIN_VALUE} when it has none
   * @param lastUpdate the latest {@code updated_at} of its entry rows in epoch microseconds, {@link
   *     Long#MIN_VALUE} when it has none
   * @param nextExpiry the earliest expiry of its entries after the moment asked about, or null
   */
  public record Stamp(long serial, long maxEntryId, long lastUpdate, Instant nextExpiry) {}

  /** Every scope's stamp by scope id; expiries are looked for after {@code expiringAfter}. */
  public Map<Long, Stamp> read(Instant expiringAfter) {
    Map<Long, Stamp> stamps = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT)) {
      statement.setObject(1, OffsetDateTime.ofInstant(expiringAfter, ZoneOffset.UTC));
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          long maxId = row.getLong(3);
          if (row.wasNull()) {
            maxId = Long.MIN_VALUE;
          }
          OffsetDateTime updated = row.getObject(4, OffsetDateTime.class);
          OffsetDateTime expiry = row.getObject(5, OffsetDateTime.class);
          stamps.put(
              row.getLong(1),
              new Stamp(
                  row.getLong(2),
                  maxId,
                  updated == null ? Long.MIN_VALUE : micros(updated.toInstant()),
                  expiry == null ? null : expiry.toInstant()));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the scopes' stamps: " + e.getMessage(), e);
    }
    return stamps;
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
