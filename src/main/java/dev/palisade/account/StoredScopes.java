package dev.palisade.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The scopes as DNS sees them, read with plain JDBC: for building the index at start-up, before
 * (and without) JPA and a transaction manager, so DNS can answer while the rest of the application
 * is still starting. {@link Accounts#allScopes()} is the same list for code running inside the
 * application's transactions.
 *
 * <p>Thread-safe.
 */
public final class StoredScopes {

  private static final String SELECT =
      "select id, account_id, mail_server_id, zone_label, serial, allow_query from scope";

  /** The labels in their overlap, answering for a scope ({@link RetiredLabel}). */
  private static final String OVERLAPS =
      "select scope_id, zone_label from retired_zone_label"
          + " where scope_id is not null and answers_until > current_timestamp";

  private final DataSource dataSource;
  private final SerialSequence serials;

  /** Reads from the given database; throws when its product is not H2 or PostgreSQL. */
  public StoredScopes(DataSource dataSource) throws MetaDataAccessException {
    this.dataSource = dataSource;
    this.serials = new SerialSequence(dataSource);
  }

  /** Every scope, as {@link Accounts#allScopes()} returns them. */
  public List<ScopeInfo> all() {
    List<ScopeRow> rows = new ArrayList<>();
    Map<Long, List<String>> formerLabels = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT);
        PreparedStatement overlaps = connection.prepareStatement(OVERLAPS)) {
      try (ResultSet result = overlaps.executeQuery()) {
        while (result.next()) {
          ScopeRow.addFormerLabel(formerLabels, result.getLong(1), result.getString(2));
        }
      }
      try (ResultSet result = statement.executeQuery()) {
        readScopes(result, rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the scopes: " + e.getMessage(), e);
    }
    return ScopeRow.toInfos(rows, formerLabels);
  }

  private static void readScopes(ResultSet result, List<ScopeRow> rows) throws SQLException {
    while (result.next()) {
      long mailServerId = result.getLong(3);
      // wasNull() speaks of the column read last: ask it before reading another.
      Long server = result.wasNull() ? null : mailServerId;
      rows.add(
          new ScopeRow(
              result.getLong(1),
              result.getLong(2),
              server,
              result.getString(4),
              result.getLong(5),
              result.getString(6)));
    }
  }

  /**
   * A serial higher than every one handed out before, from the sequence every scope change uses.
   */
  public long nextSerial() {
    return serials.next();
  }
}
