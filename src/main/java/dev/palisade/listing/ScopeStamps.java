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
   * Each sub-query orders by the whole prefix of an index, scope first, and stops at the first row.
   * PostgreSQL picks that index by itself, in under a millisecond at any size.
   */
  private static final String POSTGRES =
      "select s.id, s.serial,"
          + " (select e.id from entry e where e.scope_id = s.id"
          + " order by e.scope_id desc, e.id desc limit 1),"
          + " (select e.updated_at from entry e where e.scope_id = s.id"
          + " order by e.scope_id desc, e.updated_at desc limit 1),"
          + " (select e.expires_at from entry e where e.scope_id = s.id and e.expires_at > ?"
          + " order by e.scope_id, e.expires_at limit 1)"
          + " from scope s";

  /**
   * The same, each sub-query told its index: H2 reads an index in order only when the ordering is
   * the index's whole prefix, and once it has statistics of a large scope its planner preferred the
   * foreign key's index on the scope alone and sorted every row of the scope for the highest id (10
   * s of a 1M-entry restart instead of a millisecond).
   */
  private static final String H2 =
      "select s.id, s.serial,"
          + " (select e.id from entry e use index (entry_scope_id) where e.scope_id = s.id"
          + " order by e.scope_id desc, e.id desc limit 1),"
          + " (select e.updated_at from entry e use index (entry_scope_updated_id)"
          + " where e.scope_id = s.id order by e.scope_id desc, e.updated_at desc limit 1),"
          + " (select e.expires_at from entry e use index (entry_scope_expires_id)"
          + " where e.scope_id = s.id and e.expires_at > ?"
          + " order by e.scope_id, e.expires_at limit 1)"
          + " from scope s";

  /** The statement for the database at hand. */
  static String select(boolean postgres) {
    return postgres ? POSTGRES : H2;
  }

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
        PreparedStatement statement =
            connection.prepareStatement(
                select("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())))) {
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
